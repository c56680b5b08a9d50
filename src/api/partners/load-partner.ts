import { loadFolded } from '../../application/stream-state-cache';
import { partnerDecider } from '../../domain/partner/partner.decider';
import type { PartnerState } from '../../domain/partner/partner.state';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

/** The partner aggregate folded from its stream, and the stream's revision (null: no stream). */
export async function loadPartner(store: EventStore, partnerId: string): Promise<{ state: PartnerState; revision: bigint | null }> {
  return loadFolded(store, streams.partner(partnerId), partnerDecider);
}
