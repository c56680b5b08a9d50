import { accountEvents, type AccountEvent } from './account/account.events';
import { agreementEvents, agreementSignedV1Upcaster, type AgreementEvent } from './agreement/agreement.events';
import { attributionEvents, type AttributionEvent } from './attribution/attribution.events';
import { disputeEvents, type DisputeEvent } from './dispute/dispute.events';
import { offerEvents, type OfferEvent } from './offer/offer.events';
import { partnerEvents, type PartnerEvent } from './partner/partner.events';
import { payoutEvents, type PayoutEvent } from './payout/payout.events';
import { referralEvents, type ReferralEvent } from './referral/referral.events';
import type { EventDefinition, Upcaster } from './shared/event-definition';

/** Every event type of the ledger, declared once. */
export const eventDefinitions: readonly EventDefinition[] = [
  ...partnerEvents,
  ...agreementEvents,
  ...offerEvents,
  ...attributionEvents,
  ...referralEvents,
  ...accountEvents,
  ...payoutEvents,
  ...disputeEvents,
];

export const upcasters: readonly Upcaster[] = [agreementSignedV1Upcaster];

export type LedgerEvent =
  | PartnerEvent
  | AgreementEvent
  | OfferEvent
  | AttributionEvent
  | ReferralEvent
  | AccountEvent
  | PayoutEvent
  | DisputeEvent;

export type LedgerEventType = LedgerEvent['type'];

const byType = new Map(eventDefinitions.map((d) => [d.type, d]));

export function eventDefinition(type: string): EventDefinition {
  const definition = byType.get(type);
  if (!definition) throw new Error(`unknown event type ${type}`);
  return definition;
}

/**
 * A stored payload of any schema version, brought up to the current one by chaining upcasters
 * (v1 → v2 → …). The stored event itself is never rewritten.
 */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const target = eventDefinition(type).schemaVersion;
  let version = schemaVersion;
  let current = data;
  while (version < target) {
    const step = upcasters.find((u) => u.type === type && u.fromVersion === version);
    if (!step) throw new Error(`no upcaster for ${type} v${version}`);
    current = step.upcast(current);
    version += 1;
  }
  return current;
}
