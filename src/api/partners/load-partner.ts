import { toDomainEvent } from '../../application/event-mapping';
import { partnerDecider } from '../../domain/partner/partner.decider';
import type { PartnerEvent } from '../../domain/partner/partner.events';
import type { PartnerState } from '../../domain/partner/partner.state';
import { fold } from '../../domain/shared/decider';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

/** The partner aggregate folded from its stream, and the stream's revision (null: no stream). */
export async function loadPartner(store: EventStore, partnerId: string): Promise<{ state: PartnerState; revision: bigint | null }> {
  const recorded = await store.readStream(streams.partner(partnerId));
  return {
    state: fold(partnerDecider, recorded.map((r) => toDomainEvent<PartnerEvent>(r))),
    revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
  };
}
