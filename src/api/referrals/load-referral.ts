import { toDomainEvent } from '../../application/event-mapping';
import { attributionDecider } from '../../domain/attribution/attribution.decider';
import type { AttributionEvent } from '../../domain/attribution/attribution.events';
import type { AttributionState } from '../../domain/attribution/attribution.state';
import { referralDecider } from '../../domain/referral/referral.decider';
import type { ReferralEvent } from '../../domain/referral/referral.events';
import type { ReferralState } from '../../domain/referral/referral.state';
import { fold } from '../../domain/shared/decider';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

export async function loadReferral(store: EventStore, referralId: string): Promise<{ state: ReferralState; revision: bigint | null }> {
  const recorded = await store.readStream(streams.referral(referralId));
  return {
    state: fold(referralDecider, recorded.map((r) => toDomainEvent<ReferralEvent>(r))),
    revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
  };
}

/** The customer's attribution state, and the referral ids its attributions were made for. */
export async function loadAttribution(
  store: EventStore,
  customerId: string,
): Promise<{ state: AttributionState; referralIds: Set<string> }> {
  const events = (await store.readStream(streams.attribution(customerId))).map((r) => toDomainEvent<AttributionEvent>(r));
  return {
    state: fold(attributionDecider, events),
    referralIds: new Set(events.flatMap((e) => (e.data.referralId ? [e.data.referralId] : []))),
  };
}
