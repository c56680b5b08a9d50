import { CommissionAccrued, CommissionClawedBack } from '../../../../src/domain/account/account.events';
import { CustomerAttributed } from '../../../../src/domain/attribution/attribution.events';
import { OfferLaunched, OfferRedeemed } from '../../../../src/domain/offer/offer.events';
import { ReferralConverted, ReferralRegistered, RevenueRefunded } from '../../../../src/domain/referral/referral.events';
import type { Terms } from '../../../../src/domain/agreement/terms.schema';
import { periodOf } from '../../../../src/domain/shared/identifiers';
import { applyBps, proRata } from '../../../../src/domain/shared/money';
import { streams } from '../../../../src/domain/stream-names';
import type { NewEvent } from '../../../../src/event-store/event-store.port';
import { ACTORS, type PartnerBook } from './partner-book';
import type { StoryContext } from './story-context';

const DAY_MS = 86_400_000;

interface Referral {
  referralId: string;
  customerId: string;
  partner: PartnerBook;
}

/**
 * A customer arrives through a partner (by referral link, or by promo code for partners running an offer):
 * attributed, registered, then, days later, converted (a few twice) and sometimes refunded. Each step is a
 * person's or the shop's command followed by the process managers' effects, as the service records them.
 */
export function registerReferral(story: StoryContext, partner: PartnerBook): void {
  const { random, factory, stats } = story;
  stats.referrals += 1;
  const serial = stats.referrals.toString(36);
  const referralId = `r-${serial}`;
  const customerId = `c-${serial}`;
  const { agreementId } = partner.agreement;
  const { partnerId } = partner;
  const offer = partner.offer && random.chance(0.4) ? partner.offer : undefined;
  const attributedAt = story.nowIso;
  const window = { attributedAt, windowEndsAt: new Date(story.nowMs + 90 * DAY_MS).toISOString(), referralId };
  let attributed: NewEvent;
  if (offer) {
    const redeemed = factory.event(
      OfferRedeemed,
      { offerId: offer.offerId, agreementId, partnerId, code: random.pick(offer.codes), customerId, orderValue: { amount: random.int(2_000, 40_000), currency: partner.agreement.terms.currency }, referralId },
      factory.command(ACTORS.shop),
    );
    story.append(streams.offer(offer.offerId), [redeemed]);
    attributed = factory.event(
      CustomerAttributed,
      { customerId, partnerId, agreementId, source: { type: 'offer', id: offer.offerId }, ...window },
      factory.effect('offer-redemption', redeemed),
    );
  } else {
    attributed = factory.event(
      CustomerAttributed,
      { customerId, partnerId, agreementId, source: { type: 'referral', id: referralId }, ...window },
      factory.command(random.pick(ACTORS.partnerManagers)),
    );
  }
  story.append(streams.attribution(customerId), [attributed]);
  const registered = factory.event(
    ReferralRegistered,
    { referralId, agreementId, partnerId, customerId, ...(offer ? { offerId: offer.offerId } : {}) },
    factory.effect('referral-registration', attributed),
  );
  story.append(streams.referral(referralId), [registered]);
  story.stats.sample('referrals', referralId, random);
  partner.figures.referrals += 1;

  if (!random.chance(partner.quality)) return;
  const referral: Referral = { referralId, customerId, partner };
  story.schedule(random.int(1, 12), () => convert(story, referral, 1));
  if (random.chance(0.2)) story.schedule(random.int(14, 40), () => convert(story, referral, 2));
}

function convert(story: StoryContext, referral: Referral, nth: number): void {
  const { partner } = referral;
  if (!partner.active) return;
  const { random, factory } = story;
  const { agreementId, terms, termsVersion } = partner.agreement;
  const conversionId = `${referral.referralId}-cv${nth}`;
  // Log-normal order values around 130.00, in minor units.
  const revenue = { amount: Math.max(100, Math.round(Math.exp(9.5 + 0.8 * random.gaussian()))), currency: terms.currency };
  const converted = factory.event(
    ReferralConverted,
    { referralId: referral.referralId, conversionId, agreementId, partnerId: partner.partnerId, customerId: referral.customerId, revenue },
    factory.command(ACTORS.shop),
  );
  story.append(streams.referral(referral.referralId), [converted]);
  const rule = terms.commission;
  const rateBps = rule.type === 'percentage' ? rule.rateBps : undefined;
  const commission = rateBps !== undefined ? applyBps(revenue.amount, rateBps) : flatAmount(rule);
  const period = periodOf(story.nowIso);
  const lineId = `accrual:${conversionId}`;
  const accrued = factory.event(
    CommissionAccrued,
    {
      partnerId: partner.partnerId,
      lineId,
      period,
      agreementId,
      referralId: referral.referralId,
      conversionId,
      sourceEventId: converted.eventId,
      revenue,
      commission: { amount: commission, currency: terms.currency },
      termsVersion,
      commissionType: rule.type,
      ...(rateBps !== undefined ? { rateBps } : {}),
      payableFrom: story.nowIso,
    },
    factory.effect('commission-accrual', converted),
  );
  story.append(streams.account(partner.partnerId), [accrued]);
  if (!partner.accountOpened) {
    partner.accountOpened = true;
    story.stats.sample('accounts', partner.partnerId, random);
  }
  partner.openLines.push({ lineId, kind: 'accrual', amount: commission, period, sourceEventId: converted.eventId, referralId: referral.referralId, conversionId });
  partner.figures.conversions += 1;
  partner.figures.netCommission += commission;
  // About one conversion in twenty is refunded, in full or in part, within a few weeks.
  if (random.chance(0.05)) story.schedule(random.int(3, 25), () => refund(story, referral, conversionId, revenue.amount, commission, lineId));
}

function refund(story: StoryContext, referral: Referral, conversionId: string, revenue: number, commission: number, accrualLineId: string): void {
  const { partner } = referral;
  const { random, factory } = story;
  const { agreementId, terms, termsVersion } = partner.agreement;
  const currency = terms.currency;
  const amount = random.chance(0.6) ? revenue : Math.max(1, Math.round(revenue * (0.1 + random.next() * 0.8)));
  const refunded = factory.event(
    RevenueRefunded,
    {
      referralId: referral.referralId,
      conversionId,
      agreementId,
      partnerId: partner.partnerId,
      refund: { amount, currency },
      refundedToDate: { amount, currency },
      converted: { amount: revenue, currency },
    },
    factory.command(ACTORS.shop, 'customer returned the order'),
  );
  story.append(streams.referral(referral.referralId), [refunded]);
  const clawback = proRata(commission, amount, revenue);
  partner.figures.refunds += 1;
  if (clawback === 0) return;
  const period = periodOf(story.nowIso);
  const lineId = `clawback:${refunded.eventId}`;
  story.append(streams.account(partner.partnerId), [
    factory.event(
      CommissionClawedBack,
      {
        partnerId: partner.partnerId,
        lineId,
        period,
        agreementId,
        referralId: referral.referralId,
        conversionId,
        sourceEventId: refunded.eventId,
        accrualLineId,
        amount: { amount: clawback, currency },
        refund: { amount, currency },
        termsVersion,
      },
      factory.effect('commission-clawback', refunded),
    ),
  ]);
  partner.openLines.push({ lineId, kind: 'clawback', amount: -clawback, period, sourceEventId: refunded.eventId, referralId: referral.referralId, conversionId });
  partner.figures.netCommission -= clawback;
}

function flatAmount(rule: Terms['commission']): number {
  if (rule.type !== 'flat') return 0;
  return typeof rule.amount === 'number' ? rule.amount : rule.amount.amount;
}

/** A quarter's promo campaign: a new offer with a handful of codes, valid for the quarter. */
export function launchOffer(story: StoryContext, partner: PartnerBook, quarter: string): void {
  const { random, factory } = story;
  const offerId = `of-${partner.partnerId}-${quarter}`;
  const codes = Array.from({ length: 5 }, (_, i) => `${partner.partnerId.toUpperCase()}-${quarter}-${i + 1}`);
  story.append(streams.offer(offerId), [
    factory.event(
      OfferLaunched,
      {
        offerId,
        agreementId: partner.agreement.agreementId,
        partnerId: partner.partnerId,
        description: `Campaign ${quarter}`,
        incentive: random.chance(0.7) ? { type: 'discount', percentBps: random.pick([500, 1000, 1500]) } : { type: 'freeItem', item: 'tote bag' },
        codes,
        singleUse: false,
        validFrom: story.nowIso,
        validUntil: new Date(story.nowMs + 92 * DAY_MS).toISOString(),
      },
      factory.command(random.pick(ACTORS.partnerManagers)),
    ),
  ]);
  partner.offer = { offerId, codes };
}
