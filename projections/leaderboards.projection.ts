import { periodOf } from '../src/domain/shared/identifiers';
import { ReferralConverted, ReferralRegistered, RevenueRefunded } from '../src/domain/referral/referral.events';
import type { ProjectionDefinition, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key } from './shared/keys';

/**
 * Per period (calendar month of occurredAt) and partner: referrals registered, conversions, and revenue per
 * currency. Revenue is converted revenue net of refunds, and a refund counts against the period of the
 * conversion it refunds, so a month's figure settles on what that month's sales finally brought in.
 * A refunded conversion still counts as a conversion (the customer did convert).
 */
export const LEADERBOARDS = {
  partnerPeriod: 'partner-period',
  conversion: 'conversion',
} as const;

export interface PartnerPeriodDoc {
  period: string;
  partnerId: string;
  referrals: number;
  conversions: number;
  /** Net revenue in minor units, per currency. */
  revenue: Record<string, number>;
}

interface ConversionDoc {
  period: string;
  partnerId: string;
}

export const leaderboardsProjection: ProjectionDefinition = {
  name: 'leaderboards',
  version: 1,
  eventTypes: [ReferralRegistered.type, ReferralConverted.type, RevenueRefunded.type],
  collections: { [LEADERBOARDS.partnerPeriod]: 'small', [LEADERBOARDS.conversion]: 'small' },
  handle(event, store) {
    switch (event.type) {
      case ReferralRegistered.type: {
        const data = dataOf(ReferralRegistered, event);
        const doc = partnerPeriod(store, periodOf(event.occurredAt), data.partnerId);
        doc.referrals += 1;
        save(store, doc);
        return;
      }
      case ReferralConverted.type: {
        const data = dataOf(ReferralConverted, event);
        const conversionKey = key(data.referralId, data.conversionId);
        if (store.get(LEADERBOARDS.conversion, conversionKey) !== undefined) return;
        const period = periodOf(event.occurredAt);
        const conversion: ConversionDoc = { period, partnerId: data.partnerId };
        store.put(LEADERBOARDS.conversion, conversionKey, conversion);
        const doc = partnerPeriod(store, period, data.partnerId);
        doc.conversions += 1;
        addRevenue(doc, data.revenue.currency, data.revenue.amount);
        save(store, doc);
        return;
      }
      case RevenueRefunded.type: {
        const data = dataOf(RevenueRefunded, event);
        const conversion = store.get<ConversionDoc>(LEADERBOARDS.conversion, key(data.referralId, data.conversionId));
        const doc = partnerPeriod(store, conversion?.period ?? periodOf(event.occurredAt), data.partnerId);
        addRevenue(doc, data.refund.currency, -data.refund.amount);
        save(store, doc);
        return;
      }
    }
  },
};

function partnerPeriod(store: ReadModelWriter, period: string, partnerId: string): PartnerPeriodDoc {
  const existing = store.get<PartnerPeriodDoc>(LEADERBOARDS.partnerPeriod, key(period, partnerId));
  return existing
    ? { ...existing, revenue: { ...existing.revenue } }
    : { period, partnerId, referrals: 0, conversions: 0, revenue: {} };
}

function addRevenue(doc: PartnerPeriodDoc, currency: string, amount: number): void {
  doc.revenue[currency] = (doc.revenue[currency] ?? 0) + amount;
}

function save(store: ReadModelWriter, doc: PartnerPeriodDoc): void {
  store.put(LEADERBOARDS.partnerPeriod, key(doc.period, doc.partnerId), doc);
}
