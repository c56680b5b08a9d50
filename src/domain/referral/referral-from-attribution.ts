import type { AttributionEvent } from '../attribution/attribution.events';
import type { RegisterReferral } from './referral.commands';

/**
 * The referral an attribution stands for, exactly as the handler registers it right after the attribution and
 * as the process manager completes it after a crash between the two appends: same data, same business time,
 * so both land on the same deterministic event. Null for an attribution that names no referral.
 */
export function referralFromAttribution(attributed: AttributionEvent): RegisterReferral | null {
  const { referralId, agreementId, partnerId, customerId, source } = attributed.data;
  if (!referralId) return null;
  return {
    type: 'RegisterReferral',
    referralId,
    agreementId,
    partnerId,
    customerId,
    ...(source.type === 'offer' ? { offerId: source.id } : {}),
    occurredAt: attributed.occurredAt,
  };
}
