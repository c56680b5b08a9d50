import { afterEach, describe, expect, it } from 'vitest';
import { auditTrailProjection, auditTrailProjectionWith } from '../../projections/audit-trail.projection';
import { auditEvent, correlatedEvents } from '../../projections/audit-trail.queries';
import { commissionsProjection } from '../../projections/commissions.projection';
import { commissionLine } from '../../projections/commissions.queries';
import { LEDGER, ledgerProjection, type PostingDoc } from '../../projections/ledger.projection';
import { postings, trialBalance } from '../../projections/ledger.queries';
import { padPosition } from '../../projections/shared/keys';
import { auditEventFromRecord } from '../../src/api/audit/audit-event.view';
import { withPayloads } from '../../src/api/audit/audit-payloads';
import type { ProjectionDefinition } from '../../src/projection-engine/projection-definition';
import { replayToPoint, type ReplayOptions, type ReplayResult } from '../../src/projection-engine/replay-to-point';
import { bonusAwarded, commissionAccrued, payoutSettled, type GivenEvent } from './support/ledger-events';
import { storeAtPositions, type PositionedSource } from './support/sparse-positions';

/**
 * EventStoreDB positions (commit × 2^21 + …) pass 2^53 once its log passes ~4 GiB, and 16 digits past ~4.4 GiB.
 * Around 2^53 a JS number merges neighbours; across 10^16 a 16-digit key sorts "10…0" before "9…9".
 */
const POSITIONS = [
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  9_999_999_999_999_999n,
  10_000_000_000_000_000n,
  2n ** 62n,
  2n ** 62n + 1n,
  2n ** 63n - 1n,
];

const P = 'p1';
const day = (n: number) => `2026-03-${String(10 + n).padStart(2, '0')}T00:00:00.000Z`;
const EVENTS: GivenEvent[] = [
  commissionAccrued({ partnerId: P, conversionId: 'c1', period: '2026-03', commission: 100 }),
  commissionAccrued({ partnerId: P, conversionId: 'c2', period: '2026-03', commission: 200 }),
  commissionAccrued({ partnerId: P, conversionId: 'c3', period: '2026-03', commission: 400 }),
  bonusAwarded({ partnerId: P, period: '2026-03', amount: 800, base: 8000 }),
  commissionAccrued({ partnerId: P, conversionId: 'c4', period: '2026-03', commission: 1600 }),
  payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1', 'accrual:c2'], total: 300 }),
  commissionAccrued({ partnerId: P, conversionId: 'c5', period: '2026-03', commission: 3200 }),
  commissionAccrued({ partnerId: P, conversionId: 'c6', period: '2026-03', commission: 6400 }),
].map((given, i) => ({
  ...given,
  eventId: `evt-${i}`,
  // One business transaction but for the bonus, so the correlation index holds all the others.
  correlationId: i === 3 ? 'corr-bonus' : 'corr-big',
  recordedAt: day(i),
}));
const ID_AT = (i: number) => `evt-${i}`;

let result: ReplayResult | undefined;
let source: PositionedSource;
afterEach(() => result?.close());

async function replay(definitions: readonly ProjectionDefinition[], options: ReplayOptions = {}): Promise<ReplayResult> {
  source = await storeAtPositions(EVENTS, POSITIONS);
  // Reads of three events: each read resumes after a huge position.
  result = await replayToPoint(source, definitions, { batchSize: 3, ...options });
  return result;
}

const payable = (tb: ReturnType<typeof trialBalance>) => tb.accounts.find((row) => row.account === `partner-payable:${P}`)?.balance.amount;
const expense = (tb: ReturnType<typeof trialBalance>) => tb.accounts.find((row) => row.account === 'commission-expense')?.balance.amount;

describe('positions beyond 2^53 and 16 digits (EventStoreDB past a ~4 GiB log)', () => {
  it('pads positions to a width whose code-point order is numeric order, up to 2^64 − 1', () => {
    const keys = [0n, 1n, ...POSITIONS, 2n ** 64n - 1n].map(padPosition);
    expect(keys.every((k) => k.length === 20)).toBe(true);
    expect([...keys].sort()).toEqual(keys);
    expect(padPosition(9_999_999_999_999_999n) < padPosition(10_000_000_000_000_000n)).toBe(true);
    expect(() => padPosition(-1n)).toThrow(RangeError);
    expect(() => padPosition(10n ** 20n)).toThrow(RangeError);
  });

  it('lists ledger postings in $all order, with exact positions, one per event', async () => {
    const { reader } = await replay([ledgerProjection]);
    const ledger = reader('ledger');
    const listed = postings(ledger);
    expect(listed.map((posting) => posting.eventId)).toEqual(EVENTS.map((_, i) => ID_AT(i)));
    expect(listed.map((posting) => posting.position)).toEqual(POSITIONS.map(String));
    expect(ledger.list<PostingDoc>(LEDGER.posting, '').map((entry) => entry.key)).toEqual(POSITIONS.map(padPosition));
    // Paging resumes after a key across the 16 → 17 digit boundary.
    const page = postings(ledger, { after: padPosition(9_999_999_999_999_999n), limit: 2 });
    expect(page.map((posting) => posting.eventId)).toEqual([ID_AT(4), ID_AT(5)]);
  });

  it('sums exactly the postings recorded by asOf in a trial balance', async () => {
    const { reader } = await replay([ledgerProjection]);
    const ledger = reader('ledger');
    // Up to the event at 10^16: 100 + 200 + 400 + 800 + 1600.
    const beforePayout = trialBalance(ledger, { asOf: day(4) });
    expect(expense(beforePayout)).toBe(3100);
    expect(payable(beforePayout)).toBe(-3100);
    expect(beforePayout.accounts.some((row) => row.account === 'cash')).toBe(false);
    // One more: the payout at 2^62.
    const afterPayout = trialBalance(ledger, { asOf: day(5) });
    expect(expense(afterPayout)).toBe(3100);
    expect(payable(afterPayout)).toBe(-2800);
    // Everything, up to 2^63 − 1: the as-of scan agrees with the running balances.
    const all = trialBalance(ledger, { asOf: day(7) });
    expect(expense(all)).toBe(12_700);
    expect(all).toEqual({ ...trialBalance(ledger), asOf: day(7) });
  });

  it('stops a replay at a huge position exactly', async () => {
    const replayed = await replay([ledgerProjection], { toPosition: 2n ** 53n });
    expect(replayed.position).toBe(2n ** 53n);
    expect(postings(replayed.reader('ledger')).map((posting) => posting.eventId)).toEqual([ID_AT(0), ID_AT(1)]);
  });

  it.each([
    ['one bucket', auditTrailProjection],
    ['buckets of three events', auditTrailProjectionWith({ bucketEvents: 3 })],
  ])('finds a correlation in $all order with exact positions (%s)', async (_, definition) => {
    const { reader } = await replay([definition]);
    const trail = reader('audit-trail');
    const correlated = correlatedEvents(trail, 'corr-big');
    const expected = [0, 1, 2, 4, 5, 6, 7];
    expect(correlated.map((record) => record.eventId)).toEqual(expected.map(ID_AT));
    expect(correlated.map((record) => record.position)).toEqual(expected.map((i) => String(POSITIONS[i])));
    expect(correlatedEvents(trail, 'corr-bonus').map((record) => record.position)).toEqual(['9999999999999999']);
    const record = auditEvent(trail, ID_AT(2))!;
    expect(record.position).toBe('9007199254740993');
    // What GET /v1/audit/correlation/{id} answers, the payloads read back from the store: the same decimal strings.
    const answered = (await withPayloads(source, correlated)).map(auditEventFromRecord);
    expect(answered.map((event) => event.position)).toEqual(expected.map((i) => String(POSITIONS[i])));
  });

  it('keeps exact positions on commission lines and on their payment', async () => {
    const { reader } = await replay([commissionsProjection]);
    const commissions = reader('commissions');
    expect(commissionLine(commissions, P, 'accrual:c1')).toMatchObject({
      position: '9007199254740991',
      paid: { payoutId: 'po1', eventId: ID_AT(5), position: '4611686018427387904' },
    });
    expect(commissionLine(commissions, P, 'accrual:c2')?.position).toBe('9007199254740992');
    expect(commissionLine(commissions, P, 'accrual:c3')?.position).toBe('9007199254740993');
    expect(commissionLine(commissions, P, 'accrual:c3')?.paid).toBeUndefined();
    expect(commissionLine(commissions, P, 'accrual:c6')?.position).toBe('9223372036854775807');
  });
});
