import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER, type PostingDoc } from '../../projections/ledger.projection';
import { ledgerProjection } from '../../projections/ledger.projection';
import { trialBalance } from '../../projections/ledger.queries';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import {
  adjustmentPosted,
  bonusAwarded,
  commissionAccrued,
  commissionCapped,
  commissionClawedBack,
  payoutSettled,
} from './support/ledger-events';
import { project } from './support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

const P = 'p1';
const events = [
  { ...commissionAccrued({ partnerId: P, conversionId: 'c1', period: '2026-03', commission: 1000 }), recordedAt: '2026-03-10T00:00:00.000Z' },
  { ...commissionAccrued({ partnerId: P, conversionId: 'c2', period: '2026-03', commission: { amount: 300, currency: 'USD' } }), recordedAt: '2026-03-11T00:00:00.000Z' },
  { ...bonusAwarded({ partnerId: P, period: '2026-03', amount: 100, base: 1000 }), recordedAt: '2026-04-01T00:00:00.000Z' },
  { ...commissionCapped({ partnerId: P, period: '2026-03', amount: 50, cap: 1050 }), recordedAt: '2026-04-01T00:00:01.000Z' },
  { ...payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1'], total: 1000 }), recordedAt: '2026-04-05T00:00:00.000Z' },
  { ...commissionClawedBack({ partnerId: P, conversionId: 'c1', refundEventId: 'r1', period: '2026-04', amount: 400 }), recordedAt: '2026-04-10T00:00:00.000Z' },
  { ...adjustmentPosted({ partnerId: P, disputeId: 'd1', period: '2026-04', amount: -20 }), recordedAt: '2026-04-12T00:00:00.000Z' },
];

function balances(tb: ReturnType<typeof trialBalance>): Record<string, number> {
  return Object.fromEntries(tb.accounts.map((row) => [`${row.account} ${row.currency}`, row.balance.amount]));
}

describe('ledger projection', () => {
  it('posts every money event as balanced double entry', async () => {
    result = await project([ledgerProjection], events);
    const postings = result.documents('ledger').filter((doc) => doc.collection === LEDGER.posting).map((doc) => doc.doc as PostingDoc);
    expect(postings).toHaveLength(events.length);
    for (const posting of postings) {
      const perCurrency = new Map<string, number>();
      for (const line of posting.lines) perCurrency.set(line.currency, (perCurrency.get(line.currency) ?? 0) + line.amount);
      expect([...perCurrency.values()].every((sum) => sum === 0)).toBe(true);
    }
    expect(postings[0]).toMatchObject({
      eventType: 'CommissionAccrued',
      lineId: 'accrual:c1',
      lines: [
        { account: 'commission-expense', amount: 1000, currency: 'EUR' },
        { account: 'partner-payable:p1', amount: -1000, currency: 'EUR' },
      ],
    });
  });

  it('gives a trial balance per account and currency whose currencies each sum to zero', async () => {
    result = await project([ledgerProjection], events);
    const tb = trialBalance(result.reader('ledger'));
    expect(balances(tb)).toEqual({
      // 1000 + 100 − 50 − 400
      'commission-expense EUR': 650,
      'commission-expense USD': 300,
      'dispute-adjustments EUR': -20,
      'cash EUR': -1000,
      // −1000 − 100 + 50 + 1000 (paid): the bonus less the cap, still unpaid
      'partner-payable:p1 EUR': -50,
      // the 400 clawback and the 20 negative adjustment: owed back by the partner until a payout nets their lines
      'clawback-receivable:p1 EUR': 400,
      'adjustment-receivable:p1 EUR': 20,
      'partner-payable:p1 USD': -300,
    });
    expect(tb.totals.map((total) => [total.currency, total.balance.amount])).toEqual([
      ['EUR', 0],
      ['USD', 0],
    ]);
    expect(tb.totals[0]?.debit.amount).toBe(tb.totals[0]?.credit.amount);
  });

  it('clears a clawback receivable when a later payout nets the clawback line, paying that much less', async () => {
    const later = [
      ...events,
      { ...commissionAccrued({ partnerId: P, conversionId: 'c3', period: '2026-04', commission: 1000 }), recordedAt: '2026-04-20T00:00:00.000Z' },
      // bonus 100 − cap 50 − clawback 400 − adjustment 20 + accrual 1000
      {
        ...payoutSettled({
          partnerId: P,
          payoutId: 'po2',
          lineIds: ['bonus:agr-p1:2026-03:retention', 'cap:2026-03:EUR', 'clawback:r1', 'adjustment:d1', 'accrual:c3'],
          total: 630,
        }),
        recordedAt: '2026-05-05T00:00:00.000Z',
      },
    ];
    result = await project([ledgerProjection], later);
    const tb = trialBalance(result.reader('ledger'));
    expect(balances(tb)).toMatchObject({
      'partner-payable:p1 EUR': 0,
      'clawback-receivable:p1 EUR': 0,
      'adjustment-receivable:p1 EUR': 0,
      'cash EUR': -1630,
      'commission-expense EUR': 1650,
    });
    expect(tb.totals.every((total) => total.balance.amount === 0)).toBe(true);
    const settlement = result
      .documents('ledger')
      .map((doc) => doc.doc as PostingDoc)
      .find((doc) => doc.eventType === 'PayoutSettled' && doc.description.startsWith('payout po2'));
    expect(settlement?.lines).toEqual([
      { account: 'partner-payable:p1', amount: 1050, currency: 'EUR' },
      { account: 'clawback-receivable:p1', amount: -400, currency: 'EUR' },
      { account: 'adjustment-receivable:p1', amount: -20, currency: 'EUR' },
      { account: 'cash', amount: -630, currency: 'EUR' },
    ]);
    expect(result.documents('ledger').filter((doc) => doc.collection === LEDGER.receivable)).toEqual([]);
  });

  it('gives the trial balance as it was recorded at an earlier instant', async () => {
    result = await project([ledgerProjection], events);
    const tb = trialBalance(result.reader('ledger'), { asOf: '2026-04-04T00:00:00Z' });
    expect(balances(tb)).toEqual({
      'commission-expense EUR': 1050,
      'commission-expense USD': 300,
      'partner-payable:p1 EUR': -1050,
      'partner-payable:p1 USD': -300,
    });
    expect(tb.totals.every((total) => total.balance.amount === 0)).toBe(true);
    expect(trialBalance(result.reader('ledger'), { asOf: '2026-01-01T00:00:00Z' }).accounts).toEqual([]);
  });

  it('skips zero amounts', async () => {
    result = await project([ledgerProjection], [adjustmentPosted({ partnerId: P, disputeId: 'd0', period: '2026-03', amount: 0 })]);
    expect(result.documents('ledger')).toEqual([]);
  });

  it('posts a negative adjustment to adjustment-receivable, cleared by the payout that nets its line', async () => {
    const story = [
      { ...commissionAccrued({ partnerId: P, conversionId: 'c1', period: '2026-03', commission: 1000 }), recordedAt: '2026-03-10T00:00:00.000Z' },
      { ...adjustmentPosted({ partnerId: P, disputeId: 'd1', period: '2026-03', amount: -300 }), recordedAt: '2026-03-12T00:00:00.000Z' },
      // nets the adjustment: pays 1000 − 300
      { ...payoutSettled({ partnerId: P, payoutId: 'po1', lineIds: ['accrual:c1', 'adjustment:d1'], total: 700 }), recordedAt: '2026-04-05T00:00:00.000Z' },
      { ...commissionAccrued({ partnerId: P, conversionId: 'c2', period: '2026-04', commission: 100 }), recordedAt: '2026-04-10T00:00:00.000Z' },
      { ...adjustmentPosted({ partnerId: P, disputeId: 'd2', period: '2026-04', amount: -250 }), recordedAt: '2026-04-12T00:00:00.000Z' },
    ];
    result = await project([ledgerProjection], story);
    const postings = result.documents('ledger').filter((doc) => doc.collection === LEDGER.posting).map((doc) => doc.doc as PostingDoc);
    expect(postings.find((posting) => posting.lineId === 'adjustment:d2')?.lines).toEqual([
      { account: 'adjustment-receivable:p1', amount: 250, currency: 'EUR' },
      { account: 'dispute-adjustments', amount: -250, currency: 'EUR' },
    ]);
    expect(postings.find((posting) => posting.description.startsWith('payout po1'))?.lines).toEqual([
      { account: 'partner-payable:p1', amount: 1000, currency: 'EUR' },
      { account: 'adjustment-receivable:p1', amount: -300, currency: 'EUR' },
      { account: 'cash', amount: -700, currency: 'EUR' },
    ]);
    expect(balances(trialBalance(result.reader('ledger')))).toEqual({
      'commission-expense EUR': 1100,
      'dispute-adjustments EUR': -550,
      'cash EUR': -700,
      // the unpaid accrual c2: the adjustment d2 does not reduce it until a payout nets the two
      'partner-payable:p1 EUR': -100,
      'adjustment-receivable:p1 EUR': 250,
    });
    // Netted by a later payout (accruals 100 + 400 − the adjustment's 250 = 250 paid), the receivable is cleared.
    const netted = [
      ...story,
      { ...commissionAccrued({ partnerId: P, conversionId: 'c3', period: '2026-05', commission: 400 }), recordedAt: '2026-05-10T00:00:00.000Z' },
      { ...payoutSettled({ partnerId: P, payoutId: 'po2', lineIds: ['accrual:c2', 'adjustment:d2', 'accrual:c3'], total: 250 }), recordedAt: '2026-06-05T00:00:00.000Z' },
    ];
    result.close();
    result = await project([ledgerProjection], netted);
    const tb = trialBalance(result.reader('ledger'));
    expect(balances(tb)).toMatchObject({ 'partner-payable:p1 EUR': 0, 'adjustment-receivable:p1 EUR': 0, 'cash EUR': -950 });
    expect(tb.totals.every((total) => total.balance.amount === 0)).toBe(true);
    expect(result.documents('ledger').filter((doc) => doc.collection === LEDGER.receivable)).toEqual([]);
  });
});

describe('ledger projection: a clawback whose accrual is paid without netting it', () => {
  it('stays a receivable, so the payable never goes into debit', async () => {
    // The story fast-check found (v3 let the clawback reduce the payable, then the accrual was paid on its own).
    result = await project(
      [ledgerProjection],
      [
        { ...commissionAccrued({ partnerId: P, conversionId: 'c5', period: '2026-02', commission: 1 }), recordedAt: '2026-02-24T00:00:00.000Z' },
        { ...commissionClawedBack({ partnerId: P, conversionId: 'c5', refundEventId: 'r2', period: '2026-06', amount: 1 }), recordedAt: '2026-06-01T00:00:00.000Z' },
        // The February payout pays its accrual; the June clawback line waits for a later payout.
        { ...payoutSettled({ partnerId: P, payoutId: 'pay17', lineIds: ['accrual:c5'], total: 1 }), recordedAt: '2026-06-10T00:00:00.000Z' },
      ],
    );
    expect(balances(trialBalance(result.reader('ledger')))).toEqual({
      'commission-expense EUR': 0,
      'cash EUR': -1,
      'partner-payable:p1 EUR': 0,
      'clawback-receivable:p1 EUR': 1,
    });
  });
});
