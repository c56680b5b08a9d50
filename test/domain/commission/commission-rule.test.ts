import { describe, expect, it } from 'vitest';
import { commissionCeiling, quoteCommission, tierRate } from '../../../src/domain/commission/commission-rule';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('commission of one conversion', () => {
  it('is revenue × rateBps / 10000 for percentage terms, rounded half to even once for the line', () => {
    expect(quoteCommission({ type: 'percentage', rateBps: 4000 }, eur(12345), 0)).toEqual({
      type: 'percentage',
      amount: 4938,
      rateBps: 4000,
    });
    // 50% of 120,001 minor units is 60,000.5 → the even neighbour 60,000.
    expect(quoteCommission({ type: 'percentage', rateBps: 5000 }, eur(120_001), 0).amount).toBe(60_000);
    // 50% of 120,003 is 60,001.5 → 60,002.
    expect(quoteCommission({ type: 'percentage', rateBps: 5000 }, eur(120_003), 0).amount).toBe(60_002);
  });

  it('pays the agency and the creator 60/40 of one campaign without losing a cent', () => {
    const agency = quoteCommission({ type: 'percentage', rateBps: 6000 }, eur(1_000_000), 0).amount;
    const creator = quoteCommission({ type: 'percentage', rateBps: 4000 }, eur(1_000_000), 0).amount;
    expect([agency, creator]).toEqual([600_000, 400_000]);
    expect(agency + creator).toBe(1_000_000);
  });

  it('is the flat amount per conversion whatever the revenue, written as minor units or as money', () => {
    expect(quoteCommission({ type: 'flat', amount: 2_500 }, eur(9_900), 0)).toEqual({ type: 'flat', amount: 2_500 });
    expect(quoteCommission({ type: 'flat', amount: eur(2_500) }, eur(1), 0).amount).toBe(2_500);
  });

  it('takes the rate of the tier the period revenue had reached BEFORE the conversion, for the whole conversion', () => {
    const tiers = {
      type: 'tiered' as const,
      tiers: [
        { fromAmount: 0, rateBps: 500 },
        { fromAmount: 500_000, rateBps: 800 },
      ],
    };
    // 300,000 before: still the 5% tier, although this conversion takes the period past 500,000.
    expect(quoteCommission(tiers, eur(300_000), 300_000)).toEqual({ type: 'tiered', amount: 15_000, rateBps: 500 });
    // Exactly 500,000 before: the threshold is reached, 8% on the whole conversion (not marginal).
    expect(quoteCommission(tiers, eur(300_000), 500_000)).toEqual({ type: 'tiered', amount: 24_000, rateBps: 800 });
  });

  it('earns nothing below the lowest tier threshold, and reads tiers in any order', () => {
    const tiers = [
      { fromAmount: { amount: 200_000, currency: 'EUR' }, rateBps: 900 },
      { fromAmount: 100_000, rateBps: 700 },
    ];
    expect(tierRate(tiers, 99_999)).toBe(0);
    expect(tierRate(tiers, 150_000)).toBe(700);
    expect(tierRate(tiers, 250_000)).toBe(900);
  });
});

describe('the most one conversion can earn, whatever the account holds', () => {
  it('is never below the commission any tier, rate or flat amount actually gives', () => {
    const tiered = { type: 'tiered' as const, tiers: [{ fromAmount: 0, rateBps: 1000 }, { fromAmount: 500_000, rateBps: 2500 }] };
    expect(commissionCeiling(tiered, eur(100_000))).toBeGreaterThanOrEqual(BigInt(quoteCommission(tiered, eur(100_000), 900_000).amount));
    expect(commissionCeiling(tiered, eur(100_000))).toBeLessThanOrEqual(25_001n);
    expect(commissionCeiling({ type: 'percentage', rateBps: 4000 }, eur(12_345))).toBe(4_939n);
    expect(commissionCeiling({ type: 'flat', amount: eur(2_500) }, eur(1))).toBe(2_500n);
  });

  it('is exact in bigint where the commission itself would not fit a safe integer', () => {
    const ceiling = commissionCeiling({ type: 'percentage', rateBps: 1_000_000 }, eur(Number.MAX_SAFE_INTEGER));
    expect(ceiling).toBe(BigInt(Number.MAX_SAFE_INTEGER) * 100n + 1n);
  });
});
