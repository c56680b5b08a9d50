import type { ReferralState } from '../../domain/referral/referral.state';
import { conflict, DomainErrorException } from '../../domain/shared/domain-error';

/**
 * A referral id already registered for another customer or agreement is refused (409 ALREADY_EXISTS) before
 * anything is appended: the registration comes last, after the attribution (and a redemption), which would
 * otherwise be left standing for a referral that never exists.
 */
export function refuseReferralIdTaken(referral: ReferralState, referralId: string, customerId: string, agreementId: string): void {
  const existing = referral.registered;
  if (existing && (existing.agreementId !== agreementId || existing.customerId !== customerId)) {
    throw new DomainErrorException(
      conflict('ALREADY_EXISTS', `referral ${referralId} was already registered for another customer or agreement`, { referralId }),
    );
  }
}
