import { describe, expect, it } from 'vitest';
import type { AccountCommand, ReservePayoutLines } from '../../../src/domain/account/account.commands';
import { accountDecider } from '../../../src/domain/account/account.decider';
import { accountBalance } from '../../../src/domain/account/account-balance';
import { accrue, eur, history, percentage, refund } from './account-fixtures';
import { expectEvents, expectRefusal, given } from './decider-spec';

const terms = percentage(5000);
const closeSep: AccountCommand = { type: 'ClosePeriod', partnerId: 'p1', period: '2026-09', agreements: [], occurredAt: '2026-10-01T08:00:00.000Z' };
const closeOct: AccountCommand = { ...closeSep, period: '2026-10', occurredAt: '2026-11-01T08:00:00.000Z' } as AccountCommand;
const reserve = (payoutId: string, period = '2026-09', occurredAt = '2026-10-02T09:00:00.000Z', currency?: string): ReservePayoutLines => ({
  type: 'ReservePayoutLines',
  partnerId: 'p1',
  payoutId,
  period,
  occurredAt,
  ...(currency ? { currency } : {}),
});

describe('account: reserving the lines of a payout', () => {
  it('refuses a payout for a period that is not closed', () => {
    const events = history(accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'));
    expectRefusal(given(accountDecider, events).when(reserve('pay-1')), 'PERIOD_NOT_CLOSED', 'rule');
  });

  it('reserves every payable line of the closed periods up to the requested one, and totals them', () => {
    const events = history(
      accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'),
      accrue('c2', 2_000, terms, '2026-09-11T10:00:00.000Z'),
      accrue('c3', 4_000, terms, '2026-10-11T10:00:00.000Z'), // October: after the requested period
      closeSep,
    );
    const [event] = expectEvents(given(accountDecider, events).when(reserve('pay-1')));
    expect(event).toMatchObject({
      type: 'PayoutLinesReserved',
      data: { payoutId: 'pay-1', period: '2026-09', lineIds: ['accrual:c1', 'accrual:c2'], total: eur(1_500) },
    });
  });

  it('never puts a line in two payouts: a second payout finds nothing left to pay', () => {
    const events = history(accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'), closeSep, reserve('pay-1'));
    expectRefusal(given(accountDecider, events).when(reserve('pay-2')), 'NOTHING_TO_PAY', 'rule');
  });

  it('refuses to reserve twice for the same payout id', () => {
    const events = history(accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'), closeSep, reserve('pay-1'));
    expectRefusal(given(accountDecider, events).when(reserve('pay-1')), 'PAYOUT_ALREADY_EXISTS', 'conflict');
  });

  it('leaves out lines still inside their hold, and pays them once the hold has passed', async () => {
    const held = percentage(5000, { holdDays: 30 });
    const events = history(accrue('c1', 1_000, terms, '2026-09-01T10:00:00.000Z'), accrue('c2', 2_000, held, '2026-09-20T10:00:00.000Z'), closeSep);
    const [first] = expectEvents(given(accountDecider, events).when(reserve('pay-1')));
    expect(first!.data).toMatchObject({ lineIds: ['accrual:c1'], total: eur(500) });
    // c2 is payable from 20 October on.
    const [later] = expectEvents(given(accountDecider, [...events, first!]).when(reserve('pay-2', '2026-09', '2026-10-20T10:00:00.000Z')));
    expect(later!.data).toMatchObject({ lineIds: ['accrual:c2'], total: eur(1_000) });
  });

  it('nets a clawback after payment against the next payout', () => {
    const events = history(
      accrue('c1', 2_000, terms, '2026-09-10T10:00:00.000Z'),
      closeSep,
      reserve('pay-sep'),
      { type: 'SettlePayout', partnerId: 'p1', payoutId: 'pay-sep', bankReference: 'B1', sourceEventId: 'paid', occurredAt: '2026-10-03T00:00:00.000Z' },
      refund('c1', 1_000, 1_000, 2_000, '2026-10-05T10:00:00.000Z', 'r1'),
      accrue('c2', 3_000, terms, '2026-10-06T10:00:00.000Z'),
      closeOct,
    );
    const [event] = expectEvents(given(accountDecider, events).when(reserve('pay-oct', '2026-10', '2026-11-02T00:00:00.000Z')));
    expect(event!.data).toMatchObject({ lineIds: ['clawback:r1', 'accrual:c2'], total: eur(1_000) });
  });

  it('pays nothing while the balance is negative, and carries it over', () => {
    const events = history(
      accrue('c1', 2_000, terms, '2026-09-10T10:00:00.000Z'),
      closeSep,
      reserve('pay-sep'),
      { type: 'SettlePayout', partnerId: 'p1', payoutId: 'pay-sep', bankReference: 'B1', sourceEventId: 'paid', occurredAt: '2026-10-03T00:00:00.000Z' },
      refund('c1', 2_000, 2_000, 2_000, '2026-10-05T10:00:00.000Z', 'r1'),
      accrue('c2', 400, terms, '2026-10-06T10:00:00.000Z'),
      closeOct,
    );
    const decision = given(accountDecider, events).when(reserve('pay-oct', '2026-10', '2026-11-02T00:00:00.000Z'));
    expectRefusal(decision, 'NOTHING_TO_PAY', 'rule');
    expect(!decision.ok && decision.error.details).toMatchObject({ total: eur(-800) });
    expect(accountBalance(given(accountDecider, events).state(), { currency: 'EUR', now: '2026-11-02T00:00:00.000Z' }).balance).toBe(-800);
  });

  it('asks which currency when the partner has payable lines in several', () => {
    const usd = percentage(5000, { currency: 'USD' });
    const events = history(
      accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'),
      { ...accrue('c2', 3_000, usd, '2026-09-11T10:00:00.000Z'), revenue: { amount: 3_000, currency: 'USD' } },
      closeSep,
    );
    expectRefusal(given(accountDecider, events).when(reserve('pay-1')), 'CURRENCY_REQUIRED', 'rule');
    const [event] = expectEvents(given(accountDecider, events).when(reserve('pay-1', '2026-09', '2026-10-02T09:00:00.000Z', 'USD')));
    expect(event!.data).toMatchObject({ lineIds: ['accrual:c2'], total: { amount: 1_500, currency: 'USD' } });
  });
});

describe('account: settling a paid payout and posting adjustments', () => {
  it('marks the payout’s lines paid once', () => {
    const events = history(accrue('c1', 1_000, terms, '2026-09-10T10:00:00.000Z'), closeSep, reserve('pay-1'));
    const settle: AccountCommand = { type: 'SettlePayout', partnerId: 'p1', payoutId: 'pay-1', bankReference: 'B1', sourceEventId: 'paid-1', occurredAt: '2026-10-03T00:00:00.000Z' };
    const [settled] = expectEvents(given(accountDecider, events).when(settle));
    expect(settled!.data).toMatchObject({ lineIds: ['accrual:c1'], total: eur(500), bankReference: 'B1', sourceEventId: 'paid-1' });
    expect(expectEvents(given(accountDecider, [...events, settled!]).when(settle))).toEqual([]);
  });

  it('refuses to settle a payout that reserved nothing here', () => {
    expectRefusal(
      given(accountDecider, []).when({ type: 'SettlePayout', partnerId: 'p1', payoutId: 'x', bankReference: 'B', sourceEventId: 'e', occurredAt: '2026-10-03T00:00:00.000Z' }),
      'NOT_FOUND',
      'not_found',
    );
  });

  it('posts one adjustment per dispute, signed, in the resolution’s period', () => {
    const post: AccountCommand = {
      type: 'PostAdjustment',
      partnerId: 'p1',
      disputeId: 'd1',
      amount: eur(2_500),
      reason: 'half of the bookings carry the tags',
      sourceEventId: 'resolved-1',
      occurredAt: '2026-10-05T10:00:00.000Z',
    };
    const [posted] = expectEvents(given(accountDecider, []).when(post));
    expect(posted).toMatchObject({ type: 'AdjustmentPosted', data: { lineId: 'adjustment:d1', period: '2026-10', amount: eur(2_500), sourceEventId: 'resolved-1' } });
    expectRefusal(given(accountDecider, [posted!]).when(post), 'ADJUSTMENT_ALREADY_POSTED', 'conflict');
  });
});
