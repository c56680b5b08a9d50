import { loadFolded } from '../../application/stream-state-cache';
import { offerDecider } from '../../domain/offer/offer.decider';
import type { OfferState } from '../../domain/offer/offer.state';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

export async function loadOffer(store: EventStore, offerId: string): Promise<{ state: OfferState; revision: bigint | null }> {
  return loadFolded(store, streams.offer(offerId), offerDecider);
}
