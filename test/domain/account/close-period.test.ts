import { describe, expect, it } from 'vitest';
import type { AgreementAtClose, ClosePeriod } from '../../../src/domain/account/account.commands';
import { accountDecider } from '../../../src/domain/account/account.decider';
import { accountBalance } from '../../../src/domain/account/account-balance';
import type { TermsVersion } from '../../../src/domain/commission/terms-in-effect';
import { accrue, eur, history, percentage, refund, termsVersion } from './account-fixtures';
import { expectEvents, expectRefusal, given } from './decider-spec';

const SEP = (day: number) => `2026-09-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const CLOSE_AT = '2026-10-01T08:00:00.000Z';

const close = (agreements: AgreementAtClose[], period = '2026-09', occurredAt = CLOSE_AT): ClosePeriod => ({
  type: 'ClosePeriod',
  partnerId: 'p1',
  period,
  agreements,
  occurredAt,
});
const at = (terms: TermsVersion, retentionRate?: number): AgreementAtClose => ({
  agreementId: terms.agreementId,
  terms,
  ...(retentionRate !== undefined ? { retentionRate } : {}),
});

const retention = { kind: 'retention' as const, minRate: 0.8, bonusBps: 1000 };

describe('account: closing a period', () => {
  it('the agency at 60% with retention 86% > 80% earns +10% of its period commission, then the period closes', () => {
    const agency = percentage(6000, { bonuses: [retention] });
    const events = expectEvents(given(accountDecider, history(accrue('conv-agency', 1_000_000, agency, SEP(20)))).when(close([at(agency, 0.86)])));
    expect(events.map((e) => e.type)).toEqual(['BonusAwarded', 'PeriodClosed']);
    expect(events[0]!.data).toMatchObject({
      lineId: 'bonus:agr-1:2026-09:retention',
      kind: 'retention',
      bonusBps: 1000,
      base: eur(600_000),
      amount: eur(60_000),
      evidence: { retentionRate: 0.86 },
    });
    expect(events[1]).toEqual({ type: 'PeriodClosed', occurredAt: CLOSE_AT, data: { partnerId: 'p1', period: '2026-09' } });
  });

  it('gives no retention bonus at exactly the minimum rate (strictly greater is required) or without a measurement', () => {
    const creator = percentage(4000, { bonuses: [retention] });
    const given400 = given(accountDecider, history(accrue('c', 1_000_000, creator, SEP(20))));
    expect(expectEvents(given400.when(close([at(creator, 0.8)]))).map((e) => e.type)).toEqual(['PeriodClosed']);
    expect(expectEvents(given400.when(close([at(creator)]))).map((e) => e.type)).toEqual(['PeriodClosed']);
  });

  it('computes the bonus on the net commission: accrued minus clawed back by business time in the period', () => {
    const agency = percentage(6000, { bonuses: [retention] });
    const events = history(
      accrue('c1', 1_000_000, agency, SEP(20)),
      accrue('c2', 100_000, agency, '2026-08-31T23:00:00.000Z'), // August: not this period's
      refund('c1', 250_000, 250_000, 1_000_000, SEP(25)), // claws 150,000 in September
      refund('c2', 100_000, 100_000, 100_000, SEP(26)), // claws 60,000 of an August accrual, in September
    );
    const [bonus] = expectEvents(given(accountDecider, events).when(close([at(agency, 0.9)])));
    expect(bonus!.data).toMatchObject({ base: eur(600_000 - 150_000 - 60_000), amount: eur(39_000) });
  });

  it('gives the milestone bonus when the agreement’s conversions this year by the period’s end strictly exceed it', () => {
    const shop = termsVersion({
      currency: 'EUR',
      commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 500 }, { fromAmount: 500_000, rateBps: 800 }] },
      bonuses: [{ kind: 'milestone', minAnnualOrders: 3, bonusBps: 500 }],
    });
    const three = history(accrue('c1', 300_000, shop, SEP(11)), accrue('c2', 300_000, shop, SEP(12)), accrue('c3', 300_000, shop, SEP(13)));
    expect(expectEvents(given(accountDecider, three).when(close([at(shop)]))).map((e) => e.type)).toEqual(['PeriodClosed']);

    const four = history(
      accrue('c1', 300_000, shop, SEP(11)),
      accrue('c2', 300_000, shop, SEP(12)),
      accrue('c3', 300_000, shop, SEP(13)),
      accrue('c4', 300_000, shop, SEP(14)),
    );
    const [bonus] = expectEvents(given(accountDecider, four).when(close([at(shop)])));
    // 15,000 + 15,000 + 24,000 + 24,000 = 78,000; 5% = 3,900.
    expect(bonus!.data).toMatchObject({ kind: 'milestone', base: eur(78_000), amount: eur(3_900), evidence: { annualOrders: 4 } });
  });

  it('counts last year’s orders and next period’s orders out of the milestone', () => {
    const terms = percentage(1000, { bonuses: [{ kind: 'milestone', minAnnualOrders: 1, bonusBps: 500 }] });
    const events = history(
      accrue('old', 1_000, terms, '2025-12-31T23:59:59.000Z'),
      accrue('now', 1_000, terms, SEP(2)),
      accrue('later', 1_000, terms, '2026-10-02T00:00:00.000Z'),
    );
    expect(expectEvents(given(accountDecider, events).when(close([at(terms)]))).map((e) => e.type)).toEqual(['PeriodClosed']);
  });

  it('caps commissions plus bonuses of the period at capPerPeriod and records the excess as capped', () => {
    const capped = percentage(6000, { bonuses: [retention], capPerPeriod: eur(500_000) });
    const events = expectEvents(given(accountDecider, history(accrue('c', 1_000_000, capped, SEP(20)))).when(close([at(capped, 0.9)])));
    expect(events.map((e) => e.type)).toEqual(['BonusAwarded', 'CommissionCapped', 'PeriodClosed']);
    expect(events[1]!.data).toMatchObject({ lineId: 'cap:agr-1:2026-09', cap: eur(500_000), amount: eur(160_000), agreementId: 'agr-1' });
    expect(events[2]!.data).toMatchObject({ caps: [{ agreementId: 'agr-1', cap: eur(500_000) }] });
    const state = given(accountDecider, [...history(accrue('c', 1_000_000, capped, SEP(20))), ...events]).state();
    expect(accountBalance(state, { currency: 'EUR', now: CLOSE_AT })).toMatchObject({ accrued: 600_000, bonuses: 60_000, capped: 160_000, payable: 500_000 });
  });

  it('uses the bonuses and cap of the terms version in effect at the period’s last instant', () => {
    const v1 = percentage(6000);
    const v2 = percentage(6000, { bonuses: [retention] });
    const amended = { ...v2, termsVersion: 2, effectiveFrom: '2026-09-30T23:00:00.000Z' };
    const [bonus] = expectEvents(given(accountDecider, history(accrue('c', 1_000_000, v1, SEP(20)))).when(close([at(amended, 0.9)])));
    expect(bonus!.data).toMatchObject({ termsVersion: 2, amount: eur(60_000) });
  });

  it('closes a period once: a second close is a conflict', () => {
    const events = history(close([]));
    expectRefusal(given(accountDecider, events).when(close([])), 'PERIOD_ALREADY_CLOSED', 'conflict');
  });

  it('refuses to close a period that has not ended', () => {
    expectRefusal(given(accountDecider, []).when(close([], '2026-09', '2026-09-30T23:59:59.999Z')), 'PERIOD_NOT_ENDED', 'rule');
  });

  it('holds a conversion accrued after the close to the cap the period closed with', () => {
    const capped = percentage(5000, { capPerPeriod: eur(100_000) });
    const events = history(accrue('c1', 180_000, capped, SEP(10)), close([at(capped)]));
    const late = expectEvents(given(accountDecider, events).when(accrue('c2', 40_000, capped, SEP(11))));
    expect(late.map((e) => e.type)).toEqual(['CommissionAccrued', 'CommissionCapped']);
    // 90,000 before + 20,000 now = 110,000 against a cap of 100,000: 10,000 of the late commission is capped.
    expect(late[1]!.data).toMatchObject({ lineId: 'cap:agr-1:2026-09:c2', amount: eur(10_000) });
  });
});
