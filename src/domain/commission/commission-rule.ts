import type { Terms } from '../agreement/terms.schema';
import { applyBps, type Money } from '../shared/money';

export type CommissionType = Terms['commission']['type'];

export interface CommissionQuote {
  type: CommissionType;
  /** Minor units in the revenue's currency. */
  amount: number;
  /** The rate applied (percentage and tiered); absent for a flat commission. */
  rateBps?: number;
}

/** A flat amount or a tier threshold written either as minor units or as money in the terms' currency. */
export function minorUnitsOf(value: number | Money): number {
  return typeof value === 'number' ? value : value.amount;
}

/**
 * The commission of one conversion under one terms version, rounded half to even once for the line.
 *
 * Tiered terms use the rate of the highest tier whose `fromAmount` the partner's cumulative converted revenue in
 * the period had reached BEFORE this conversion (`revenueBefore`: the revenue of the conversions accrued earlier, in
 * the account's order, in the same period and currency); a conversion below every tier's threshold earns 0 bps.
 * Tiers are not marginal: the whole conversion takes the one rate.
 */
export function quoteCommission(rule: Terms['commission'], revenue: Money, revenueBefore: number): CommissionQuote {
  switch (rule.type) {
    case 'percentage':
      return { type: 'percentage', amount: applyBps(revenue.amount, rule.rateBps), rateBps: rule.rateBps };
    case 'flat':
      return { type: 'flat', amount: minorUnitsOf(rule.amount) };
    case 'tiered': {
      const rateBps = tierRate(rule.tiers, revenueBefore);
      return { type: 'tiered', amount: applyBps(revenue.amount, rateBps), rateBps };
    }
  }
}

export function tierRate(tiers: ReadonlyArray<{ fromAmount: number | Money; rateBps: number }>, reached: number): number {
  let best: { from: number; rateBps: number } | null = null;
  for (const tier of tiers) {
    const from = minorUnitsOf(tier.fromAmount);
    if (from <= reached && (best === null || from > best.from)) best = { from, rateBps: tier.rateBps };
  }
  return best?.rateBps ?? 0;
}

/** The most one conversion can earn under a rule, whatever the account's state (for tiered terms, the top rate). */
export function commissionCeiling(rule: Terms['commission'], revenue: Money): bigint {
  const ofRate = (rateBps: number) => (BigInt(revenue.amount) * BigInt(rateBps)) / 10_000n + 1n;
  switch (rule.type) {
    case 'percentage':
      return ofRate(rule.rateBps);
    case 'flat':
      return BigInt(minorUnitsOf(rule.amount));
    case 'tiered':
      return ofRate(Math.max(0, ...rule.tiers.map((tier) => tier.rateBps)));
  }
}
