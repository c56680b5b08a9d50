import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../src/event-store/event-store.port';

/**
 * Events shaped like the ledger's busiest one: a ReferralConverted with full metadata, about 400 bytes of
 * JSON (data + metadata). Every subject (our store, raw SQLite, the peer) is fed from here so rows have
 * the same size everywhere.
 */
export function referralConverted(writer: number, index: number): NewEvent {
  const partner = `partner-${String(writer % 500).padStart(4, '0')}`;
  const serial = `${String(writer).padStart(3, '0')}-${String(index).padStart(6, '0')}`;
  const amount = 10_000 + ((writer * 7919 + index * 104_729) % 490_000);
  return {
    eventId: randomUUID(),
    type: 'ReferralConverted',
    data: {
      conversionId: `conv-${serial}`,
      referralId: `ref-${serial}`,
      partnerId: partner,
      agreementId: `agr-${partner}`,
      customerId: `cust-${serial}`,
      amount: { amount, currency: 'EUR' },
    },
    metadata: {
      occurredAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
      actor: { principalId: 'svc-checkout', role: 'partner-manager' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
    },
  };
}

/** Stream of writer `writer` in run `run`, named like the ledger's streams. */
export function writerStream(run: string, writer: number): string {
  return `referral-${run}-${String(writer).padStart(3, '0')}`;
}

/** Bytes of JSON the store has to keep per event (data + metadata), for the results file. */
export function eventJsonBytes(event: NewEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}
