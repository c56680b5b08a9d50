import { toDomainEvent } from '../../application/event-mapping';
import { offerDecider } from '../../domain/offer/offer.decider';
import type { OfferEvent } from '../../domain/offer/offer.events';
import type { OfferState } from '../../domain/offer/offer.state';
import { fold } from '../../domain/shared/decider';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

export async function loadOffer(store: EventStore, offerId: string): Promise<{ state: OfferState; revision: bigint | null }> {
  const recorded = await store.readStream(streams.offer(offerId));
  return {
    state: fold(offerDecider, recorded.map((r) => toDomainEvent<OfferEvent>(r))),
    revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
  };
}
