import { deterministicId } from '../shared/deterministic-id';

/**
 * The natural key of the attribution a referral makes: the referral flow and the offer flow both write it, so a
 * retry of either finds its attribution already stored instead of attributing twice.
 */
export const attributionKey = (referralId: string) => `referral:${referralId}`;

/** The natural key of a referral's registration on referral-{id}: the handler and the process manager share it. */
export const REFERRAL_REGISTRATION_KEY = 'register';

/**
 * The referral a redemption registers when the caller names none: `offer.{offerId}.{customerId}`, or, when that
 * would exceed the 64 characters an id may have, a digest of the two (never a cut, which could merge two
 * customers' referrals).
 */
export function redemptionReferralId(offerId: string, customerId: string): string {
  const plain = `offer.${offerId}.${customerId}`;
  return plain.length <= 64 ? plain : `offer.${deterministicId(offerId, customerId)}`;
}
