import { toDomainEvent } from '../../application/event-mapping';
import { AgreementSigned } from '../../domain/agreement/agreement.events';
import type { EventOf } from '../../domain/shared/event-definition';
import type { EventStore } from '../../event-store/event-store.port';

const PAGE = 1_000;

/**
 * The ids of the agreements signed with a partner, in signature order. The partner's stream does not list them
 * (signing appends to the agreement's stream only, so one command stays one append); they are found from the
 * AgreementSigned events in `$all`. Few events match, but the store scans for them: a read model is the
 * place for this once partners have many agreements.
 */
export async function agreementIdsOfPartner(store: EventStore, partnerId: string): Promise<string[]> {
  const ids: string[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: PAGE,
      filter: { eventTypes: [AgreementSigned.type], streamPrefixes: ['agreement-'] },
    });
    for (const recorded of page) {
      const signed = toDomainEvent<EventOf<typeof AgreementSigned>>(recorded);
      if (signed.data.partnerId === partnerId) ids.push(signed.data.agreementId);
    }
    if (page.length < PAGE) return ids;
    after = page[page.length - 1]!.position;
  }
}
