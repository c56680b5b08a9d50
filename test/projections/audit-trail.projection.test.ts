import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT, auditTrailProjection, auditTrailProjectionWith } from '../../projections/audit-trail.projection';
import { auditEvent, causationChain, correlatedEvents, streamAudit } from '../../projections/audit-trail.queries';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import { commissionAccrued, partnerProposed, payoutSettled, referralConverted } from './support/ledger-events';
import { project } from './support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

describe('audit-trail projection', () => {
  const conversion = {
    ...referralConverted({ referralId: 'r1', conversionId: 'c1', agreementId: 'a1', partnerId: 'p1', revenue: 1000 }),
    eventId: 'evt-conv',
    correlationId: 'corr-1',
    actor: { principalId: 'alice', role: 'finance' },
    occurredAt: '2026-03-05T10:00:00.000Z',
    reason: 'order 42 shipped',
  };
  const accrual = {
    ...commissionAccrued({ partnerId: 'p1', conversionId: 'c1', period: '2026-03', commission: 100, sourceEventId: 'evt-conv' }),
    eventId: 'evt-accrual',
    correlationId: 'corr-1',
    causationId: 'evt-conv',
    actor: { principalId: 'commission-pm', role: 'system' },
  };
  const events = [
    { ...partnerProposed('p1'), eventId: 'evt-partner', correlationId: 'corr-0', recordedAt: '2026-03-01T00:00:00.000Z' },
    { ...conversion, recordedAt: '2026-03-05T10:00:01.000Z' },
    { ...accrual, recordedAt: '2026-03-05T10:00:02.000Z' },
    {
      ...payoutSettled({ partnerId: 'p1', payoutId: 'po1', lineIds: ['accrual:c1'], total: 100 }),
      eventId: 'evt-paid',
      correlationId: 'corr-2',
      recordedAt: '2026-04-01T00:00:00.000Z',
    },
  ];

  const withStreams = auditTrailProjection;

  it('keeps every event of a stream in order with who, both times, correlation, causation and hash', async () => {
    result = await project([withStreams], events);
    const trail = streamAudit(result.reader('audit-trail'), 'account-p1');
    expect(trail.map((record) => [record.eventId, record.revision])).toEqual([
      ['evt-accrual', 0],
      ['evt-paid', 1],
    ]);
    const record = auditEvent(result.reader('audit-trail'), 'evt-conv');
    expect(record).toMatchObject({
      eventId: 'evt-conv',
      type: 'ReferralConverted',
      streamId: 'referral-r1',
      revision: 0,
      position: '2',
      occurredAt: '2026-03-05T10:00:00.000Z',
      recordedAt: '2026-03-05T10:00:01.000Z',
      actor: { principalId: 'alice', role: 'finance' },
      correlationId: 'corr-1',
      causationId: null,
      reason: 'order 42 shipped',
    });
    expect(record?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('copies no payload: the store holds it, at the stream and revision the record names', async () => {
    result = await project([withStreams], events);
    const documents = [...result.documents('audit-trail')];
    expect(documents.filter((document) => document.collection === AUDIT.record)).toHaveLength(events.length);
    expect(JSON.stringify(documents)).not.toContain('revenue');
    expect(auditEvent(result.reader('audit-trail'), 'evt-conv')).not.toHaveProperty('data');
  });

  it('finds every event of one business transaction across streams, and walks causation back to the root', async () => {
    result = await project([auditTrailProjection], events);
    const reader = result.reader('audit-trail');
    expect(correlatedEvents(reader, 'corr-1').map((record) => record.eventId)).toEqual(['evt-conv', 'evt-accrual']);
    expect(causationChain(reader, 'evt-accrual').map((record) => record.eventId)).toEqual(['evt-accrual', 'evt-conv']);
    expect(causationChain(reader, 'unknown')).toEqual([]);
  });

  it('shows a stream as recorded at an earlier instant', async () => {
    result = await project([withStreams], events);
    const trail = streamAudit(result.reader('audit-trail'), 'account-p1', { asOf: '2026-03-31T23:59:59Z' });
    expect(trail.map((record) => record.eventId)).toEqual(['evt-accrual']);
  });

  it('does not mix a stream with another whose id extends it', async () => {
    result = await project([withStreams], [partnerProposed('p1'), partnerProposed('p1-b')]);
    expect(streamAudit(result.reader('audit-trail'), 'partner-p1')).toHaveLength(1);
  });

  it('finds events, correlations and streams across buckets, in order', async () => {
    // Two events per bucket: the four events of the story land in two buckets, a correlation straddles them.
    const tiny = auditTrailProjectionWith({ bucketEvents: 2 });
    const extra = {
      ...commissionAccrued({ partnerId: 'p1', conversionId: 'c2', period: '2026-04', commission: 5, sourceEventId: 'evt-conv' }),
      eventId: 'evt-late',
      correlationId: 'corr-1',
      causationId: 'evt-accrual',
      recordedAt: '2026-04-02T00:00:00.000Z',
    };
    result = await project([tiny], [...events, extra]);
    const reader = result.reader('audit-trail');
    expect(auditEvent(reader, 'evt-partner')?.position).toBe('1');
    expect(auditEvent(reader, 'evt-late')?.position).toBe('5');
    expect(correlatedEvents(reader, 'corr-1').map((record) => record.eventId)).toEqual(['evt-conv', 'evt-accrual', 'evt-late']);
    expect(causationChain(reader, 'evt-late').map((record) => record.eventId)).toEqual(['evt-late', 'evt-accrual', 'evt-conv']);
    expect(streamAudit(reader, 'account-p1').map((record) => record.revision)).toEqual([0, 1, 2]);
    expect(streamAudit(reader, 'account-p1', { asOf: '2026-04-01T00:00:00.000Z' }).map((record) => record.eventId)).toEqual([
      'evt-accrual',
      'evt-paid',
    ]);
  });
});
