import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account.decider';
import { accountBalance } from '../../../src/domain/account/account-balance';
import { accrue, eur, history, percentage, refund } from './account-fixtures';
import { expectEvents, expectRefusal, given } from './decider-spec';

const network = percentage(5000);

describe('account: clawing back the commission of a refund', () => {
  it('claws back a quarter of the commission when a quarter of the revenue is refunded, in the refund’s period', () => {
    const accrued = history(accrue('conv-net-1', 200_000, network, '2026-09-15T10:00:00.000Z'));
    const [event] = expectEvents(
      given(accountDecider, accrued).when(refund('conv-net-1', 50_000, 50_000, 200_000, '2026-10-25T10:00:00.000Z', 'refund-evt-1')),
    );
    expect(event).toMatchObject({
      type: 'CommissionClawedBack',
      data: {
        lineId: 'clawback:refund-evt-1',
        accrualLineId: 'accrual:conv-net-1',
        period: '2026-10',
        amount: eur(25_000),
        refund: eur(50_000),
        sourceEventId: 'refund-evt-1',
        termsVersion: 1,
      },
    });
  });

  it('never claws back more than the commission over partial refunds, and exactly what remains on the last one', () => {
    // 50% of 120,001 = 60,000 (60,000.5 to even). Refund 40,000 then 40,000 then the remaining 40,001.
    const events = history(
      accrue('c', 120_001, network, '2026-09-16T10:00:00.000Z'),
      refund('c', 40_000, 40_000, 120_001, '2026-09-20T10:00:00.000Z'),
      refund('c', 40_000, 80_000, 120_001, '2026-09-21T10:00:00.000Z'),
      refund('c', 40_001, 120_001, 120_001, '2026-09-22T10:00:00.000Z'),
    );
    const clawed = events.flatMap((e) => (e.type === 'CommissionClawedBack' ? [e.data.amount.amount] : []));
    expect(clawed).toEqual([20_000, 20_000, 20_000]);
    expect(clawed.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  it('claws back a refund once, even if asked again', () => {
    const events = history(accrue('c', 1_000, network, '2026-09-16T10:00:00.000Z'), refund('c', 500, 500, 1_000, '2026-09-20T10:00:00.000Z', 'r1'));
    expect(expectEvents(given(accountDecider, events).when(refund('c', 500, 500, 1_000, '2026-09-20T10:00:00.000Z', 'r1')))).toEqual([]);
  });

  it('refuses a refund of a conversion that accrued nothing on this account', () => {
    expectRefusal(given(accountDecider, []).when(refund('ghost', 1, 1, 2, '2026-09-20T10:00:00.000Z')), 'UNKNOWN_ACCRUAL', 'rule');
  });

  it('claws back even after the commission was paid: the balance goes negative', () => {
    const events = history(
      accrue('c', 200_000, network, '2026-09-15T10:00:00.000Z'),
      { type: 'ClosePeriod', partnerId: 'p1', period: '2026-09', agreements: [], occurredAt: '2026-10-01T08:00:00.000Z' },
      { type: 'ReservePayoutLines', partnerId: 'p1', payoutId: 'pay-1', period: '2026-09', occurredAt: '2026-10-02T08:00:00.000Z' },
      { type: 'SettlePayout', partnerId: 'p1', payoutId: 'pay-1', bankReference: 'SEPA-1', sourceEventId: 'paid-1', occurredAt: '2026-10-03T08:00:00.000Z' },
      refund('c', 200_000, 200_000, 200_000, '2026-10-10T10:00:00.000Z'),
    );
    const balance = accountBalance(given(accountDecider, events).state(), { currency: 'EUR', now: '2026-10-31T00:00:00.000Z' });
    expect(balance).toMatchObject({ accrued: 100_000, clawedBack: 100_000, paid: 100_000, payable: 0, balance: -100_000 });
  });
});
