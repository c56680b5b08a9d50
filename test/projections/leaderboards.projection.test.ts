import { afterEach, describe, expect, it } from 'vitest';
import { leaderboardsProjection } from '../../projections/leaderboards.projection';
import { leaderboard } from '../../projections/leaderboards.queries';
import type { ReplayResult } from '../../src/projection-engine/replay-to-point';
import { referralConverted, referralRegistered, revenueRefunded, type GivenEvent } from './support/ledger-events';
import { project } from './support/project';

let result: ReplayResult | undefined;
afterEach(() => result?.close());

const MARCH_DAY = '2026-03-10T12:00:00.000Z';
const APRIL_DAY = '2026-04-02T12:00:00.000Z';

function at(occurredAt: string, event: GivenEvent): GivenEvent {
  return { ...event, occurredAt };
}

function referral(partnerId: string, referralId: string, occurredAt = MARCH_DAY): GivenEvent {
  return at(occurredAt, referralRegistered({ referralId, agreementId: `agr-${partnerId}`, partnerId }));
}

function conversion(partnerId: string, referralId: string, revenue: number, occurredAt = MARCH_DAY, currency = 'EUR'): GivenEvent {
  return at(
    occurredAt,
    referralConverted({ referralId, conversionId: `conv-${referralId}`, agreementId: `agr-${partnerId}`, partnerId, revenue: { amount: revenue, currency } }),
  );
}

async function board(events: GivenEvent[]) {
  result = await project([leaderboardsProjection], events);
  return result.reader('leaderboards');
}

describe('leaderboards projection', () => {
  it('ranks partners by net revenue, a refund counting against the period of the conversion it refunds', async () => {
    const reader = await board([
      conversion('alpha', 'a1', 5000),
      conversion('beta', 'b1', 3000),
      conversion('gamma', 'g1', 4000),
      at(
        APRIL_DAY,
        revenueRefunded({ referralId: 'a1', conversionId: 'conv-a1', agreementId: 'agr-alpha', partnerId: 'alpha', refund: 2500, refundedToDate: 2500, converted: 5000 }),
      ),
    ]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'revenue' })).toEqual([
      { rank: 1, partnerId: 'gamma', value: { amount: 4000, currency: 'EUR' } },
      { rank: 2, partnerId: 'beta', value: { amount: 3000, currency: 'EUR' } },
      { rank: 3, partnerId: 'alpha', value: { amount: 2500, currency: 'EUR' } },
    ]);
    expect(leaderboard(reader, { period: '2026-04', metric: 'revenue' })).toEqual([]);
  });

  it('counts conversions and breaks ties by partnerId', async () => {
    const reader = await board([
      conversion('zeta', 'z1', 100),
      conversion('zeta', 'z2', 100),
      conversion('beta', 'b1', 100),
      conversion('alpha', 'a1', 100),
      conversion('alpha', 'a2', 100, APRIL_DAY),
    ]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'conversions' })).toEqual([
      { rank: 1, partnerId: 'zeta', value: 2 },
      { rank: 2, partnerId: 'alpha', value: 1 },
      { rank: 3, partnerId: 'beta', value: 1 },
    ]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'conversions', limit: 2 }).map((e) => e.partnerId)).toEqual(['zeta', 'alpha']);
  });

  it("rates a period's referrals by the share of them converted, 0 when there were none", async () => {
    const reader = await board([
      referral('alpha', 'a1'),
      referral('alpha', 'a2'),
      referral('alpha', 'a3'),
      referral('alpha', 'a4'),
      conversion('alpha', 'a1', 100),
      referral('beta', 'b1'),
      conversion('beta', 'b1', 100),
      conversion('gamma', 'g-old', 100),
    ]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'conversionRate' })).toEqual([
      { rank: 1, partnerId: 'beta', value: 1 },
      { rank: 2, partnerId: 'alpha', value: 0.25 },
      { rank: 3, partnerId: 'gamma', value: 0 },
    ]);
  });

  it('counts a referral converted once however often it converts, for the period it was registered in', async () => {
    const FEB_DAY = '2026-02-20T12:00:00.000Z';
    const repeat = (partnerId: string, referralId: string, n: number, occurredAt = MARCH_DAY) =>
      at(
        occurredAt,
        referralConverted({ referralId, conversionId: `conv-${referralId}-${n}`, agreementId: `agr-${partnerId}`, partnerId, revenue: { amount: 100, currency: 'EUR' } }),
      );
    const reader = await board([
      referral('alpha', 'a-feb', FEB_DAY),
      referral('alpha', 'a-feb-2', FEB_DAY),
      referral('alpha', 'a1'),
      referral('alpha', 'a2'),
      repeat('alpha', 'a1', 1),
      repeat('alpha', 'a1', 2),
      repeat('alpha', 'a1', 3),
      repeat('alpha', 'a-feb', 1), // February's referral converting in March
      repeat('alpha', 'a-feb', 2, APRIL_DAY),
    ]);
    // March: 2 referrals, 1 of them converted (4 conversions in March: a rate of conversions per referral would be 2).
    expect(leaderboard(reader, { period: '2026-03', metric: 'conversionRate' })).toEqual([{ rank: 1, partnerId: 'alpha', value: 0.5 }]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'conversions' })).toEqual([{ rank: 1, partnerId: 'alpha', value: 4 }]);
    expect(leaderboard(reader, { period: '2026-02', metric: 'conversionRate' })).toEqual([{ rank: 1, partnerId: 'alpha', value: 0.5 }]);
    expect(leaderboard(reader, { period: '2026-02', metric: 'conversions' })).toEqual([{ rank: 1, partnerId: 'alpha', value: 0 }]);
  });

  it('keeps currencies apart: revenue is ranked in one currency', async () => {
    const reader = await board([
      conversion('alpha', 'a1', 900, MARCH_DAY, 'USD'),
      conversion('beta', 'b1', 100),
      conversion('gamma', 'g1', 200),
    ]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'revenue' }).map((e) => e.partnerId)).toEqual(['gamma', 'beta']);
    expect(leaderboard(reader, { period: '2026-03', metric: 'revenue', currency: 'USD' })).toEqual([
      { rank: 1, partnerId: 'alpha', value: { amount: 900, currency: 'USD' } },
    ]);
  });

  it('counts a conversion once even if its event is seen twice', async () => {
    const event = conversion('alpha', 'a1', 100);
    const reader = await board([event, event]);
    expect(leaderboard(reader, { period: '2026-03', metric: 'revenue' })[0]?.value).toEqual({ amount: 100, currency: 'EUR' });
  });
});
