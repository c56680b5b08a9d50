import { periodOf } from '../src/domain/shared/identifiers';
import { ReferralConverted, ReferralRegistered, RevenueRefunded } from '../src/domain/referral/referral.events';
import type { ProjectionDefinition, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key } from './shared/keys';

/**
 * Per period (calendar month of occurredAt) and partner: referrals registered, how many of those have converted
 * since, conversions, and revenue per currency. Revenue is converted revenue net of refunds, and a refund counts
 * against the period of the conversion it refunds, so a month's figure settles on what that month's sales
 * finally brought in. A refunded conversion still counts as a conversion (the customer did convert).
 * A referral's first conversion, whenever it comes, counts for the period the referral was registered in: that
 * period's conversion rate is the share of its referrals that converted, between 0 and 1.
 */
export const LEADERBOARDS = {
  partnerPeriod: 'partner-period',
  conversion: 'conversion',
  referral: 'referral',
} as const;

export interface PartnerPeriodDoc {
  period: string;
  partnerId: string;
  referrals: number;
  /** Of the referrals registered in the period, those converted at least once so far. */
  convertedReferrals: number;
  conversions: number;
  /** Net revenue in minor units, per currency. */
  revenue: Record<string, number>;
}

interface ConversionDoc {
  period: string;
  partnerId: string;
}

interface ReferralDoc {
  /** Registration period. */
  period: string;
  converted: boolean;
}

export const leaderboardsProjection: ProjectionDefinition = {
  name: 'leaderboards',
  version: 2,
  eventTypes: [ReferralRegistered.type, ReferralConverted.type, RevenueRefunded.type],
  collections: { [LEADERBOARDS.partnerPeriod]: 'small', [LEADERBOARDS.conversion]: 'small', [LEADERBOARDS.referral]: 'small' },
  handle(event, store) {
    switch (event.type) {
      case ReferralRegistered.type: {
        const data = dataOf(ReferralRegistered, event);
        if (store.get(LEADERBOARDS.referral, data.referralId) !== undefined) return;
        const period = periodOf(event.occurredAt);
        const referral: ReferralDoc = { period, converted: false };
        store.put(LEADERBOARDS.referral, data.referralId, referral);
        const doc = partnerPeriod(store, period, data.partnerId);
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
        countFirstConversion(store, data.referralId, data.partnerId);
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

/** A referral registered before the ledger began (no ReferralRegistered seen) belongs to no period's rate. */
function countFirstConversion(store: ReadModelWriter, referralId: string, partnerId: string): void {
  const referral = store.get<ReferralDoc>(LEADERBOARDS.referral, referralId);
  if (referral === undefined || referral.converted) return;
  const converted: ReferralDoc = { period: referral.period, converted: true };
  store.put(LEADERBOARDS.referral, referralId, converted);
  const doc = partnerPeriod(store, referral.period, partnerId);
  doc.convertedReferrals += 1;
  save(store, doc);
}

/** A copy to change (a stored document is never changed in place); written in full, a spread costs more here. */
function partnerPeriod(store: ReadModelWriter, period: string, partnerId: string): PartnerPeriodDoc {
  const existing = store.get<PartnerPeriodDoc>(LEADERBOARDS.partnerPeriod, key(period, partnerId));
  if (existing === undefined) return { period, partnerId, referrals: 0, convertedReferrals: 0, conversions: 0, revenue: {} };
  const revenue: Record<string, number> = {};
  for (const currency in existing.revenue) revenue[currency] = existing.revenue[currency]!;
  return {
    period: existing.period,
    partnerId: existing.partnerId,
    referrals: existing.referrals,
    convertedReferrals: existing.convertedReferrals,
    conversions: existing.conversions,
    revenue,
  };
}

function addRevenue(doc: PartnerPeriodDoc, currency: string, amount: number): void {
  doc.revenue[currency] = (doc.revenue[currency] ?? 0) + amount;
}

function save(store: ReadModelWriter, doc: PartnerPeriodDoc): void {
  store.put(LEADERBOARDS.partnerPeriod, key(doc.period, doc.partnerId), doc);
}
