import { ReferralConverted, RevenueRefunded } from '../src/domain/referral/referral.events';
import type { ProjectionDefinition, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key } from './shared/keys';

/**
 * Attributed revenue (converted revenue net of refunds, all time) per partner and currency, and the total per
 * currency. Whether a partner carries too large a share is judged by the query, from these figures: a change
 * in one partner's revenue moves every other partner's share, and re-judging every partner on every event
 * would cost in proportion to the number of partners.
 */
export const CONCENTRATION = {
  partner: 'partner',
  total: 'total',
} as const;

export interface PartnerRevenueDoc {
  partnerId: string;
  currency: string;
  /** Minor units, net of refunds. */
  revenue: number;
  conversions: number;
}

export interface CurrencyTotalDoc {
  currency: string;
  total: number;
  /** Partners whose net revenue in this currency is positive. */
  partners: number;
}

export const partnerRevenueKey = (currency: string, partnerId: string): string => key(currency, partnerId);

export const concentrationProjection: ProjectionDefinition = {
  name: 'concentration',
  version: 1,
  eventTypes: [ReferralConverted.type, RevenueRefunded.type],
  collections: { [CONCENTRATION.partner]: 'small', [CONCENTRATION.total]: 'small' },
  handle(event, store) {
    if (event.type === ReferralConverted.type) {
      const data = dataOf(ReferralConverted, event);
      addRevenue(store, data.partnerId, data.revenue.currency, data.revenue.amount, 1);
    } else if (event.type === RevenueRefunded.type) {
      const data = dataOf(RevenueRefunded, event);
      addRevenue(store, data.partnerId, data.refund.currency, -data.refund.amount, 0);
    }
  },
};

function addRevenue(store: ReadModelWriter, partnerId: string, currency: string, amount: number, conversions: number): void {
  const partnerKey = partnerRevenueKey(currency, partnerId);
  const partner = store.get<PartnerRevenueDoc>(CONCENTRATION.partner, partnerKey) ?? { partnerId, currency, revenue: 0, conversions: 0 };
  const total = store.get<CurrencyTotalDoc>(CONCENTRATION.total, currency) ?? { currency, total: 0, partners: 0 };
  const wasCounted = partner.revenue > 0;
  const revenue = partner.revenue + amount;
  const isCounted = revenue > 0;
  store.put(CONCENTRATION.partner, partnerKey, {
    partnerId: partner.partnerId,
    currency: partner.currency,
    revenue,
    conversions: partner.conversions + conversions,
  } satisfies PartnerRevenueDoc);
  store.put(CONCENTRATION.total, currency, {
    currency,
    total: total.total + amount,
    partners: total.partners + (isCounted === wasCounted ? 0 : isCounted ? 1 : -1),
  } satisfies CurrencyTotalDoc);
}
