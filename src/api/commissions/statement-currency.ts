import type { AgreementEvent } from '../../domain/agreement/agreement.events';
import { streams } from '../../domain/stream-names';
import { toDomainEvent } from '../../application/event-mapping';
import type { EventStore } from '../../event-store/event-store.port';
import type { ReadModelReader } from '../../projection-engine';
import { commissionPeriods } from '../../../projections';
import { agreementIdsOfPartner } from '../agreements/agreements-of-partner';

/**
 * The currency of an empty statement (no line in the period, none asked for): the partner's latest commission
 * currency, else the currency of its latest agreement terms; undefined when the partner has neither.
 */
export async function statementCurrency(reader: ReadModelReader, store: EventStore, partnerId: string): Promise<string | undefined> {
  const latest = commissionPeriods(reader, partnerId)[0];
  if (latest) return latest.currency;
  const agreementIds = await agreementIdsOfPartner(store, partnerId);
  for (const agreementId of agreementIds.reverse()) {
    const recorded = await store.readStream(streams.agreement(agreementId));
    for (const event of recorded.map((r) => toDomainEvent<AgreementEvent>(r)).reverse()) {
      if (event.type === 'AgreementSigned' || event.type === 'AgreementAmended') return event.data.terms.currency;
    }
  }
  return undefined;
}
