import type { Money } from '../src/domain/shared/money';
import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import { CONCENTRATION, type CurrencyTotalDoc, type PartnerRevenueDoc } from './concentration.projection';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

/** The configured maximum share of attributed revenue one partner may carry (DESIGN.md, "Concentration"). */
export const DEFAULT_MAX_SHARE = 0.4;

export interface ConcentrationAlert {
  alertId: string;
  type: 'concentration';
  status: 'open';
  partnerId: string;
  currency: string;
  revenue: Money;
  total: Money;
  /** revenue ÷ total, for display; the comparison itself is exact (integer arithmetic). */
  share: number;
  maxShare: number;
}

export interface PartnerShare {
  partnerId: string;
  revenue: Money;
  share: number;
}

/**
 * Open concentration alerts: partners whose share of a currency's attributed revenue exceeds `maxShare`,
 * judged only once that currency's revenue comes from at least two partners (a single partner is trivially
 * 100%). An alert is open exactly while the condition holds, so it closes when the share drops back.
 */
export function openConcentrationAlerts(reader: ReadModelReader, options: { maxShare?: number } = {}): ConcentrationAlert[] {
  const maxShare = options.maxShare ?? DEFAULT_MAX_SHARE;
  if (!(maxShare >= 0 && maxShare <= 1)) throw new RangeError(`maxShare must be within [0, 1], got ${maxShare}`);
  // Parts per million: the share test becomes revenue × 10^6 > ppm × total, in bigint, with no float rounding.
  const maxSharePpm = BigInt(Math.round(maxShare * 1_000_000));
  const alerts: ConcentrationAlert[] = [];
  for (const { doc: total } of listAll<CurrencyTotalDoc>(reader, CONCENTRATION.total, '')) {
    if (total.partners < 2 || total.total <= 0) continue;
    for (const { doc: partner } of listAll<PartnerRevenueDoc>(reader, CONCENTRATION.partner, key(total.currency, ''))) {
      if (BigInt(partner.revenue) * 1_000_000n <= maxSharePpm * BigInt(total.total)) continue;
      alerts.push({
        alertId: key('concentration', total.currency, partner.partnerId),
        type: 'concentration',
        status: 'open',
        partnerId: partner.partnerId,
        currency: total.currency,
        revenue: { amount: partner.revenue, currency: total.currency },
        total: { amount: total.total, currency: total.currency },
        share: partner.revenue / total.total,
        maxShare,
      });
    }
  }
  return alerts;
}

/** Every partner's share of one currency's attributed revenue, largest first. */
export function revenueShares(reader: ReadModelReader, currency: string): PartnerShare[] {
  const total = reader.get<CurrencyTotalDoc>(CONCENTRATION.total, currency);
  if (!total) return [];
  return [...listAll<PartnerRevenueDoc>(reader, CONCENTRATION.partner, key(currency, ''))]
    .map(({ doc }) => ({
      partnerId: doc.partnerId,
      revenue: { amount: doc.revenue, currency },
      share: total.total > 0 ? doc.revenue / total.total : 0,
    }))
    .sort((a, b) => b.revenue.amount - a.revenue.amount || (a.partnerId < b.partnerId ? -1 : 1));
}
