import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../../src/application/command-context';
import { toNewEvent } from '../../src/application/event-mapping';
import { TermsSchema, type TermsInput } from '../../src/domain/agreement/terms.schema';
import type { DomainEvent } from '../../src/domain/shared/decider';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export function ctxOf(principalId: string, role: string, occurredAt = '2026-09-01T00:00:00.000Z'): CommandContext {
  return { actor: { principalId, role }, correlationId: `corr-${randomUUID()}`, causationId: null, occurredAt, occurredAtGiven: true };
}

/** Appends domain events as a person would have caused them (test set-up, bypassing the deciders). */
export async function seed(store: EventStore, streamId: string, events: DomainEvent[], principal = 'paula'): Promise<RecordedEvent[]> {
  const result = await store.append(streamId, events.map((e) => toNewEvent(e, randomUUID(), ctxOf(principal, 'partner-manager', e.occurredAt))), 'any');
  const stored = await store.readStream(streamId);
  return stored.filter((e) => result.eventIds.includes(e.eventId));
}

export async function signAgreement(store: EventStore, agreementId: string, partnerId: string, terms: TermsInput, effectiveFrom = '2026-09-01T12:00:00.000Z') {
  await seed(store, `agreement-${agreementId}`, [
    { type: 'AgreementSigned', occurredAt: effectiveFrom, data: { agreementId, partnerId, terms: TermsSchema.parse(terms), termsVersion: 1, effectiveFrom } },
  ]);
}

export async function convert(store: EventStore, o: { referralId: string; conversionId: string; agreementId: string; partnerId: string; revenue: number; at: string }): Promise<RecordedEvent> {
  const [event] = await seed(
    store,
    `referral-${o.referralId}`,
    [
      {
        type: 'ReferralConverted',
        occurredAt: o.at,
        data: { referralId: o.referralId, conversionId: o.conversionId, agreementId: o.agreementId, partnerId: o.partnerId, customerId: `cust-${o.referralId}`, revenue: eur(o.revenue) },
      },
    ],
    'alice',
  );
  return event!;
}

export async function refund(store: EventStore, o: { referralId: string; conversionId: string; agreementId: string; partnerId: string; refund: number; refundedToDate: number; converted: number; at: string }): Promise<RecordedEvent> {
  const [event] = await seed(
    store,
    `referral-${o.referralId}`,
    [
      {
        type: 'RevenueRefunded',
        occurredAt: o.at,
        data: {
          referralId: o.referralId,
          conversionId: o.conversionId,
          agreementId: o.agreementId,
          partnerId: o.partnerId,
          refund: eur(o.refund),
          refundedToDate: eur(o.refundedToDate),
          converted: eur(o.converted),
        },
      },
    ],
    'alice',
  );
  return event!;
}

export interface TempStore {
  store: SqliteEventStore;
  dir: string;
  dispose(): Promise<void>;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pm-'));
  const store = SqliteEventStore.open(join(dir, 'ledger.db'));
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function typesOf(store: EventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId)).map((e) => e.type);
}
