import type { Money } from '../src/domain/shared/money';
import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import { LEADERBOARDS, type PartnerPeriodDoc } from './leaderboards.projection';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

export type LeaderboardMetric = 'revenue' | 'conversions' | 'conversionRate';

export interface LeaderboardQuery {
  period: string;
  metric: LeaderboardMetric;
  limit?: number;
  /** Revenue only. Defaults to the currency most partners earned in during the period (ties: alphabetical). */
  currency?: string;
}

export interface LeaderboardEntry {
  rank: number;
  partnerId: string;
  /**
   * Money for revenue; a count for conversions; for conversionRate, the share of the referrals registered in the
   * period that have converted since (0 when none were registered).
   */
  value: Money | number;
}

/** Ranked best first; equal values are ordered by partnerId so the ranking is stable and every rank unique. */
export function leaderboard(reader: ReadModelReader, query: LeaderboardQuery): LeaderboardEntry[] {
  const docs = [...listAll<PartnerPeriodDoc>(reader, LEADERBOARDS.partnerPeriod, key(query.period, ''))].map((e) => e.doc);
  let scored: Array<{ partnerId: string; score: number; value: Money | number }>;
  if (query.metric === 'revenue') {
    const currency = query.currency ?? dominantCurrency(docs);
    if (currency === undefined) return [];
    scored = docs
      .filter((doc) => doc.revenue[currency] !== undefined)
      .map((doc) => ({ partnerId: doc.partnerId, score: doc.revenue[currency]!, value: { amount: doc.revenue[currency]!, currency } }));
  } else if (query.metric === 'conversions') {
    scored = docs.map((doc) => ({ partnerId: doc.partnerId, score: doc.conversions, value: doc.conversions }));
  } else {
    scored = docs.map((doc) => {
      const rate = doc.referrals > 0 ? doc.convertedReferrals / doc.referrals : 0;
      return { partnerId: doc.partnerId, score: rate, value: rate };
    });
  }
  scored.sort((a, b) => b.score - a.score || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  const limited = query.limit !== undefined ? scored.slice(0, Math.max(0, query.limit)) : scored;
  return limited.map((entry, index) => ({ rank: index + 1, partnerId: entry.partnerId, value: entry.value }));
}

function dominantCurrency(docs: readonly PartnerPeriodDoc[]): string | undefined {
  const partnersPerCurrency = new Map<string, number>();
  for (const doc of docs) {
    for (const currency of Object.keys(doc.revenue)) {
      partnersPerCurrency.set(currency, (partnersPerCurrency.get(currency) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [currency, count] of partnersPerCurrency) {
    const bestCount = best === undefined ? -1 : partnersPerCurrency.get(best)!;
    if (count > bestCount || (count === bestCount && currency < best!)) best = currency;
  }
  return best;
}
