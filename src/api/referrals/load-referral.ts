import { toDomainEvent } from '../../application/event-mapping';
import { loadFolded } from '../../application/stream-state-cache';
import { attributionDecider } from '../../domain/attribution/attribution.decider';
import type { AttributionEvent } from '../../domain/attribution/attribution.events';
import type { AttributionState } from '../../domain/attribution/attribution.state';
import { referralDecider } from '../../domain/referral/referral.decider';
import type { ReferralState } from '../../domain/referral/referral.state';
import { fold } from '../../domain/shared/decider';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

export async function loadReferral(store: EventStore, referralId: string): Promise<{ state: ReferralState; revision: bigint | null }> {
  return loadFolded(store, streams.referral(referralId), referralDecider);
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
