import { afterEach, describe, expect, it } from 'vitest';
import { commissionsProjection } from '../../projections/commissions.projection';
import { commissionLine, commissionLinesOf, commissionPeriods, commissionStatement } from '../../projections/commissions.queries';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import {
  adjustmentPosted,
  bonusAwarded,
  commissionAccrued,
  commissionCapped,
  commissionClawedBack,
  payoutSettled,
  periodClosed,
} from './support/ledger-events';
import { project } from './support/project';

const P = 'p1';
const MARCH = '2026-03';
let result: ReplayResult | undefined;
afterEach(() => result?.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function statementOf(events: Parameters<typeof project>[1], query: { at: string; asOf?: string; currency?: string; period?: string }) {
  result = await project([commissionsProjection], events);
  return commissionStatement(result.reader('commissions'), { partnerId: P, period: query.period ?? MARCH, ...query });
}

describe('commissions projection', () => {
  const march = [
    commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100, rateBps: 1000 }),
    commissionAccrued({ partnerId: P, conversionId: 'c2', period: MARCH, commission: 200, payableFrom: '2026-04-15T00:00:00.000Z' }),
    commissionClawedBack({ partnerId: P, conversionId: 'c1', refundEventId: 'r1', period: MARCH, amount: 30 }),
    bonusAwarded({ partnerId: P, period: MARCH, amount: 50, base: 500 }),
    commissionCapped({ partnerId: P, period: MARCH, amount: 20, cap: 1000 }),
    adjustmentPosted({ partnerId: P, disputeId: 'd1', period: MARCH, amount: -10 }),
    payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1', 'clawback:r1'], total: 70 }),
  ];

  it('totals every kind of line and leaves out what is still inside its hold', async () => {
    const statement = await statementOf(march, { at: '2026-04-01T00:00:00.000Z' });
    expect(statement).toMatchObject({
      partnerId: P,
      period: MARCH,
      currency: 'EUR',
      accrued: eur(300),
      clawedBack: eur(30),
      bonuses: eur(50),
      adjustments: eur(-10),
      capped: eur(20),
      held: eur(200),
      // 300 − 30 + 50 − 10 − 20 − 200
      payable: eur(90),
      paid: eur(70),
      balance: eur(20),
    });
  });

  it('releases a held accrual once its payableFrom has passed', async () => {
    const statement = await statementOf(march, { at: '2026-04-15T00:00:00.000Z' });
    expect(statement?.held).toEqual(eur(0));
    expect(statement?.payable).toEqual(eur(290));
    expect(statement?.balance).toEqual(eur(220));
  });

  it('traces every line to its source event, terms version and rate', async () => {
    const statement = await statementOf(march, { at: '2026-05-01T00:00:00.000Z' });
    const accrual = statement?.lines.find((line) => line.lineId === 'accrual:c1');
    expect(accrual).toMatchObject({
      kind: 'accrual',
      amount: eur(100),
      sourceEventId: 'evt-conversion-c1',
      referralId: 'ref-c1',
      conversionId: 'c1',
      termsVersion: 1,
      rateBps: 1000,
      paid: true,
      payoutId: 'po1',
    });
    const clawback = statement?.lines.find((line) => line.lineId === 'clawback:r1');
    expect(clawback).toMatchObject({ kind: 'clawback', amount: eur(-30), sourceEventId: 'r1', conversionId: 'c1' });
    expect(statement?.lines.map((line) => line.kind).sort()).toEqual(['accrual', 'accrual', 'adjustment', 'bonus', 'cap', 'clawback']);
  });

  it('holds a clawback of a held accrual with it, so the held amount is what is left of the accrual', async () => {
    const statement = await statementOf(
      [
        commissionAccrued({ partnerId: P, conversionId: 'c3', period: MARCH, commission: 100, payableFrom: '2026-06-01T00:00:00.000Z' }),
        commissionClawedBack({ partnerId: P, conversionId: 'c3', refundEventId: 'r3', period: MARCH, amount: 40 }),
      ],
      { at: '2026-04-01T00:00:00.000Z' },
    );
    expect(statement?.held).toEqual(eur(60));
    expect(statement?.payable).toEqual(eur(0));
    expect(statement?.lines.map((line) => [line.kind, line.held])).toEqual([
      ['accrual', true],
      ['clawback', true],
    ]);
  });

  it('holds a clawback in a later period with its accrual, so no period shows a debt while the accrual is held', async () => {
    const events = [
      commissionAccrued({ partnerId: P, conversionId: 'c3', period: MARCH, commission: 100, payableFrom: '2026-06-01T00:00:00.000Z' }),
      commissionClawedBack({ partnerId: P, conversionId: 'c3', refundEventId: 'r3', period: '2026-04', amount: 40 }),
    ];
    const april = await statementOf(events, { period: '2026-04', at: '2026-05-01T00:00:00.000Z' });
    expect(april).toMatchObject({ clawedBack: eur(40), held: eur(-40), payable: eur(0) });
    const aprilAfterHold = commissionStatement(result!.reader('commissions'), { partnerId: P, period: '2026-04', at: '2026-06-01T00:00:00.000Z' });
    expect(aprilAfterHold).toMatchObject({ held: eur(0), payable: eur(-40) });
  });

  it('counts a line as paid once, however many settlements name it', async () => {
    const statement = await statementOf(
      [
        commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100 }),
        payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1'], total: 100 }),
        payoutSettled({ partnerId: P, payoutId: 'po2', lineIds: ['accrual:c1'], total: 100 }),
      ],
      { at: '2026-04-01T00:00:00.000Z' },
    );
    expect(statement?.paid).toEqual(eur(100));
    expect(statement?.lines[0]?.payoutId).toBe('po1');
    expect(commissionPeriods(result!.reader('commissions'), P)[0]).toMatchObject({ paid: 100, accrued: 100, lines: 1 });
  });

  it('keeps a negative balance when a paid commission is clawed back later (netted against later payouts)', async () => {
    const statement = await statementOf(
      [
        commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100 }),
        payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1'], total: 100 }),
        commissionClawedBack({ partnerId: P, conversionId: 'c1', refundEventId: 'r1', period: MARCH, amount: 100 }),
      ],
      { at: '2026-04-01T00:00:00.000Z' },
    );
    expect(statement?.payable).toEqual(eur(0));
    expect(statement?.balance).toEqual(eur(-100));
  });

  it('shows the statement as it was recorded at an earlier instant (asOf)', async () => {
    const events = [
      { ...commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100 }), recordedAt: '2026-03-20T00:00:00.000Z' },
      { ...payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1'], total: 100 }), recordedAt: '2026-04-05T00:00:00.000Z' },
      { ...commissionAccrued({ partnerId: P, conversionId: 'c2', period: MARCH, commission: 40 }), recordedAt: '2026-04-06T00:00:00.000Z' },
    ];
    const before = await statementOf(events, { at: '2026-04-01T00:00:00Z', asOf: '2026-04-01T00:00:00Z' });
    expect(before).toMatchObject({ accrued: eur(100), paid: eur(0), balance: eur(100) });
    expect(before?.lines).toHaveLength(1);
    result?.close();
    const after = await statementOf(events, { at: '2026-04-10T00:00:00Z' });
    expect(after).toMatchObject({ accrued: eur(140), paid: eur(100), balance: eur(40) });
  });

  it('keeps one currency per statement and names the others', async () => {
    const events = [
      commissionAccrued({ partnerId: P, conversionId: 'u1', period: MARCH, commission: { amount: 70, currency: 'USD' } }),
      commissionAccrued({ partnerId: P, conversionId: 'e1', period: MARCH, commission: 10 }),
    ];
    const byDefault = await statementOf(events, { at: '2026-04-01T00:00:00Z' });
    expect(byDefault).toMatchObject({ currency: 'EUR', accrued: eur(10), otherCurrencies: ['USD'] });
    const usd = commissionStatement(result!.reader('commissions'), { partnerId: P, period: MARCH, at: '2026-04-01T00:00:00Z', currency: 'USD' });
    expect(usd).toMatchObject({ currency: 'USD', accrued: { amount: 70, currency: 'USD' }, otherCurrencies: ['EUR'] });
  });

  it('files each line under its own period and marks closed periods', async () => {
    const events = [
      commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100 }),
      commissionClawedBack({ partnerId: P, conversionId: 'c1', refundEventId: 'r1', period: '2026-04', amount: 25 }),
      periodClosed(P, MARCH),
    ];
    const march = await statementOf(events, { at: '2026-05-01T00:00:00Z' });
    expect(march).toMatchObject({ accrued: eur(100), clawedBack: eur(0), closed: true });
    const april = commissionStatement(result!.reader('commissions'), { partnerId: P, period: '2026-04', at: '2026-05-01T00:00:00Z' });
    expect(april).toMatchObject({ accrued: eur(0), clawedBack: eur(25), payable: eur(-25), closed: false });
    expect(commissionLine(result!.reader('commissions'), P, 'clawback:r1')?.period).toBe('2026-04');
  });

  it('answers null for a period without lines unless a currency is asked for', async () => {
    expect(await statementOf([], { at: '2026-04-01T00:00:00Z' })).toBeNull();
    const zero = commissionStatement(result!.reader('commissions'), { partnerId: P, period: MARCH, at: '2026-04-01T00:00:00Z', currency: 'EUR' });
    expect(zero).toMatchObject({ payable: eur(0), balance: eur(0), lines: [] });
  });

  it('finds many lines at once as it finds each one, even a line asked for under the wrong period or currency', async () => {
    const accruals = (period: string, count: number, currency = 'EUR') =>
      Array.from({ length: count }, (_, i) =>
        commissionAccrued({ partnerId: P, conversionId: `${period}-${currency}-${i}`, period, commission: { amount: 10 + i, currency } }),
      );
    // March: 5 lines, 4 of them asked for with 2 that are not there (read as one range); April: 12 lines, 5 asked for (one by one).
    result = await project([commissionsProjection], [...accruals(MARCH, 5), ...accruals('2026-04', 12), ...accruals(MARCH, 1, 'GBP')]);
    const reader = result.reader('commissions');
    const ranges: string[] = [];
    const counting: typeof reader = {
      get: (collection, key) => reader.get(collection, key),
      list: (collection, prefix, options) => {
        ranges.push(prefix);
        return reader.list(collection, prefix, options);
      },
    };
    const asked = [
      ...[0, 1, 2, 3].map((i) => ({ lineId: `accrual:${MARCH}-EUR-${i}`, period: MARCH, currency: 'EUR' })),
      ...[0, 3, 6, 9].map((i) => ({ lineId: `accrual:2026-04-EUR-${i}`, period: '2026-04', currency: 'EUR' })),
      { lineId: `accrual:${MARCH}-EUR-4`, period: '2026-04', currency: 'EUR' },
      { lineId: `accrual:${MARCH}-GBP-0`, period: MARCH, currency: 'EUR' },
      { lineId: 'accrual:never-posted', period: MARCH, currency: 'EUR' },
    ];
    const found = commissionLinesOf(counting, P, asked);
    expect(ranges).toEqual([`${P}|${MARCH}|EUR|`]);
    expect([...found.keys()].sort()).toEqual(asked.map((line) => line.lineId).filter((id) => id !== 'accrual:never-posted').sort());
    for (const { lineId } of asked) expect(found.get(lineId)).toEqual(commissionLine(reader, P, lineId));
  });

  it('ignores a line id it has already seen', async () => {
    const accrual = commissionAccrued({ partnerId: P, conversionId: 'c1', period: MARCH, commission: 100 });
    const statement = await statementOf([accrual, accrual], { at: '2026-04-01T00:00:00Z' });
    expect(statement?.accrued).toEqual(eur(100));
  });
});
