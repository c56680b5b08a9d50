import { afterEach, describe, expect, it } from 'vitest';
import { auditTrailProjection } from '../../projections/audit-trail.projection';
import { correlatedEvents, streamAudit } from '../../projections/audit-trail.queries';
import { AuditPayloadMissingError, withPayloads } from '../../src/api/audit/audit-payloads';
import type { EventStore, ReadStreamOptions } from '../../src/event-store/event-store.port';
import { replayToPoint, type ReplayResult } from '../../src/projection-engine/replay-to-point';
import { MemoryEventStore } from '../support/memory-event-store';
import { commissionAccrued, partnerProposed, payoutSettled, referralConverted } from '../projections/support/ledger-events';
import { storeOf } from '../projections/support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

const story = [
  partnerProposed('p1'),
  { ...referralConverted({ referralId: 'r1', conversionId: 'c1', agreementId: 'a1', partnerId: 'p1', revenue: 1000 }), correlationId: 'corr-1' },
  { ...commissionAccrued({ partnerId: 'p1', conversionId: 'c1', period: '2026-03', commission: 100 }), correlationId: 'corr-1' },
  { ...commissionAccrued({ partnerId: 'p1', conversionId: 'c2', period: '2026-03', commission: 50 }), correlationId: 'corr-1' },
  payoutSettled({ partnerId: 'p1', payoutId: 'po1', lineIds: ['accrual:c1'], total: 100 }),
];

/** The store, counting its stream reads. */
function counting(store: Pick<EventStore, 'readStream'>): { store: Pick<EventStore, 'readStream'>; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    store: {
      readStream: (streamId: string, options?: ReadStreamOptions) => {
        reads.push(`${streamId}@${options?.fromRevision}+${options?.maxCount}`);
        return store.readStream(streamId, options);
      },
    },
  };
}

describe('payloads of audit-trail records, read back from the store', () => {
  it('gives each record its event as stored, payload upcast, in the records’ order, one read per run of revisions', async () => {
    const store = await storeOf(story);
    result = await replayToPoint(store, [auditTrailProjection]);
    const records = correlatedEvents(result.reader('audit-trail'), 'corr-1');
    const { store: readCounting, reads } = counting(store);
    const events = await withPayloads(readCounting, records);
    expect(events.map((event) => [event.eventId, event.type])).toEqual(records.map((record) => [record.eventId, record.type]));
    expect(events.map(({ data: _, ...record }) => record)).toEqual(records);
    expect(events[0]!.data).toMatchObject({ conversionId: 'c1', revenue: { amount: 1000, currency: 'EUR' } });
    expect(events[2]!.data).toMatchObject({ conversionId: 'c2', commission: { amount: 50, currency: 'EUR' } });
    // The two accruals are revisions 0 and 1 of the account: one read for both.
    expect(reads.sort()).toEqual(['account-p1@0+2', 'referral-r1@0+1']);
    expect(await withPayloads(readCounting, [])).toEqual([]);
  });

  it('reads an entity’s records from the read model in one range, and their payloads in one read', async () => {
    const store = await storeOf(story);
    result = await replayToPoint(store, [auditTrailProjection]);
    const records = streamAudit(result.reader('audit-trail'), 'account-p1');
    const { store: readCounting, reads } = counting(store);
    const events = await withPayloads(readCounting, records);
    const stored = await store.readStream('account-p1');
    expect(events.map((event) => [event.eventId, event.revision, event.data])).toEqual(stored.map((event) => [event.eventId, Number(event.revision), event.data]));
    expect(reads).toEqual(['account-p1@0+3']);
  });

  it('refuses to answer without a payload when the store does not hold the event where the record says', async () => {
    result = await replayToPoint(await storeOf(story), [auditTrailProjection]);
    const records = correlatedEvents(result.reader('audit-trail'), 'corr-1');
    // Another store: nothing at all, or other events (other ids) at the same places.
    await expect(withPayloads(new MemoryEventStore(), records)).rejects.toThrow(AuditPayloadMissingError);
    const other = await storeOf(story);
    const failure = await withPayloads(other, records).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuditPayloadMissingError);
    expect(failure).toMatchObject({ code: 'AUDIT_PAYLOAD_MISSING', record: { streamId: 'referral-r1', revision: 0 } });
  });
});
