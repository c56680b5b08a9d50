import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account.decider';
import { accountBalance } from '../../../src/domain/account/account-balance';
import { accrue, eur, history, percentage, termsVersion } from './account-fixtures';
import { expectEvents, expectRefusal, given } from './decider-spec';

const SEP = (day: number) => `2026-09-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('account: accruing the commission of a conversion', () => {
  it('accrues revenue × rate of the terms version in effect, with its line id, period and terms version', () => {
    const [event] = expectEvents(given(accountDecider, []).when(accrue('c1', 1_000_000, percentage(6000), SEP(20))));
    expect(event).toEqual({
      type: 'CommissionAccrued',
      occurredAt: SEP(20),
      data: expect.objectContaining({
        lineId: 'accrual:c1',
        period: '2026-09',
        commission: eur(600_000),
        revenue: eur(1_000_000),
        termsVersion: 1,
        commissionType: 'percentage',
        rateBps: 6000,
        sourceEventId: 'evt-c1',
        payableFrom: SEP(20),
      }),
    });
  });

  it('accrues each conversion once, ever', () => {
    const terms = percentage(5000);
    const decision = given(accountDecider, history(accrue('c1', 200_000, terms, SEP(15)))).when(
      accrue('c1', 200_000, terms, SEP(16)),
    );
    expectRefusal(decision, 'ALREADY_ACCRUED', 'conflict');
  });

  it('refuses a conversion before any terms were in effect', () => {
    expectRefusal(given(accountDecider, []).when({ ...accrue('c1', 100, percentage(5000), SEP(1)), terms: null }), 'NO_TERMS_IN_EFFECT', 'rule');
  });

  it('refuses revenue in another currency than the terms', () => {
    const command = { ...accrue('c1', 100, percentage(5000), SEP(1)), revenue: { amount: 100, currency: 'USD' } };
    expectRefusal(given(accountDecider, []).when(command), 'CURRENCY_MISMATCH', 'rule');
  });

  it('holds the line for holdDays: payable only from occurredAt + holdDays', () => {
    const [event] = expectEvents(given(accountDecider, []).when(accrue('c1', 10_000, percentage(1000, { holdDays: 30 }), SEP(10))));
    expect(event!.type === 'CommissionAccrued' && event!.data.payableFrom).toBe('2026-10-10T10:00:00.000Z');
    const state = given(accountDecider, [event!]).state();
    expect(accountBalance(state, { currency: 'EUR', now: '2026-10-10T09:59:59.000Z' })).toMatchObject({ accrued: 1_000, held: 1_000, payable: 0 });
    expect(accountBalance(state, { currency: 'EUR', now: '2026-10-10T10:00:00.000Z' })).toMatchObject({ held: 0, payable: 1_000 });
  });

  it('pays a flat amount per conversion', () => {
    const flat = termsVersion({ currency: 'EUR', commission: { type: 'flat', amount: 2_500 } });
    const [event] = expectEvents(given(accountDecider, []).when(accrue('c1', 9_900, flat, SEP(12))));
    expect(event!.data).toMatchObject({ commission: eur(2_500), commissionType: 'flat' });
    expect(event!.data).not.toHaveProperty('rateBps');
  });

  describe('tiered terms (the e-commerce platform: 5% from 0, 8% from 5,000.00 EUR)', () => {
    const tiered = termsVersion({
      currency: 'EUR',
      commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 500 }, { fromAmount: 500_000, rateBps: 800 }] },
    });

    it('rates each conversion on the revenue accrued BEFORE it in the period, in the account order', () => {
      const events = history(
        accrue('c1', 300_000, tiered, SEP(11)),
        accrue('c2', 300_000, tiered, SEP(12)),
        accrue('c3', 300_000, tiered, SEP(13)),
        accrue('c4', 300_000, tiered, SEP(14)),
      );
      expect(events.map((e) => (e.type === 'CommissionAccrued' ? [e.data.rateBps, e.data.commission.amount] : null))).toEqual([
        [500, 15_000],
        [500, 15_000],
        [800, 24_000],
        [800, 24_000],
      ]);
    });

    it('starts every period from zero', () => {
      const events = history(accrue('c1', 600_000, tiered, SEP(11)), accrue('c2', 100_000, tiered, '2026-10-01T00:00:00.000Z'));
      expect(events.map((e) => e.type === 'CommissionAccrued' && e.data.rateBps)).toEqual([500, 500]);
    });
  });
});
