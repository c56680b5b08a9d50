import { AgreementSigned } from '../../../../src/domain/agreement/agreement.events';
import type { Terms } from '../../../../src/domain/agreement/terms.schema';
import { PartnerApproved, PartnerProposed, PartnerRejected, PartnerScreened } from '../../../../src/domain/partner/partner.events';
import { streams } from '../../../../src/domain/stream-names';
import type { Actor } from '../../../../src/event-store/event-store.port';
import type { StoryContext } from './story-context';

/** A money line on the partner's account not yet paid out: what the next payout will name. */
export interface OpenLine {
  lineId: string;
  kind: 'accrual' | 'clawback' | 'bonus' | 'cap' | 'adjustment';
  /** Signed, as on the payout: clawbacks and caps negative. */
  amount: number;
  period: string;
  sourceEventId: string;
  referralId?: string;
  conversionId?: string;
}

export interface AgreementBook {
  agreementId: string;
  terms: Terms;
  termsVersion: number;
  /** Set once amended; the story amends at most once. */
  amended: boolean;
}

export interface OfferBook {
  offerId: string;
  codes: string[];
}

/** The running period's figures, for its KPIs, bonus and cap at the close. */
export interface PeriodFigures {
  referrals: number;
  conversions: number;
  refunds: number;
  /** Accrued − clawed back on lines of this period. */
  netCommission: number;
}

export interface PartnerBook {
  partnerId: string;
  /** Share of the referral volume (mean 1 across partners): a few large partners, many small ones. */
  weight: number;
  /** Probability that a referral converts: a few poor partners miss their conversion KPI. */
  quality: number;
  agreement: AgreementBook;
  /** Launches an offer each quarter; part of its referrals arrive by promo code. */
  offerPartner: boolean;
  offer: OfferBook | undefined;
  active: boolean;
  /** Has had a money line (so its account stream exists). */
  accountOpened: boolean;
  openLines: OpenLine[];
  figures: PeriodFigures;
  misses: Record<'conversionRate' | 'retentionRate', number>;
}

export const ACTORS = {
  partnerManagers: people('pm', 'partner-manager', 12),
  finance: people('fin', 'finance', 4),
  approvers: people('appr', 'approver', 3),
  /** Conversions and refunds arrive from the shop's integration. */
  shop: { principalId: 'svc-shop', role: 'partner-manager' } as Actor,
} as const;

function people(prefix: string, role: string, count: number): Actor[] {
  return Array.from({ length: count }, (_, i) => ({ principalId: `${prefix}-${i + 1}`, role }));
}

export function emptyFigures(): PeriodFigures {
  return { referrals: 0, conversions: 0, refunds: 0, netCommission: 0 };
}

/**
 * Proposes, screens and approves a partner (one proposal in twenty is rejected and another is tried in its
 * place), then signs its agreement: the onboarding the partner-manager API records.
 */
export function onboardPartner(story: StoryContext, weight: number): PartnerBook {
  const { random, factory } = story;
  for (;;) {
    const partnerId = `p${String(story.stats.partnersOnboarded).padStart(6, '0')}`;
    story.stats.partnersOnboarded += 1;
    const manager = random.pick(ACTORS.partnerManagers);
    const stream = streams.partner(partnerId);
    const rejected = random.chance(0.05);
    const proposal = factory.command(manager);
    const proposed = factory.event(
      PartnerProposed,
      { partnerId, name: `Partner ${partnerId}`, segment: random.pick(['retail', 'media', 'saas', 'travel']), contact: `${partnerId}@partners.example` },
      proposal,
    );
    const score = (): number => random.int(rejected ? 1 : 5, rejected ? 5 : 10);
    const card = {
      debtRatio: random.int(5, 80),
      auditedYears: random.int(0, 20),
      successfulCases: random.int(0, 400),
      scores: { channel: score(), customerBase: score(), reputation: score(), culture: score(), skills: score() },
    };
    const weighted = (card.scores.channel + card.scores.customerBase + card.scores.reputation + card.scores.culture + card.scores.skills) / 5;
    const screened = factory.event(
      PartnerScreened,
      {
        partnerId,
        card,
        recommendation: rejected ? 'reject' : 'approve',
        weightedScore: Math.round(weighted * 100) / 100,
        reasons: rejected ? ['reputation below threshold'] : [],
      },
      factory.effect('partner-screening', proposed),
    );
    story.append(stream, [proposed, screened]);
    if (rejected) {
      story.append(stream, [factory.event(PartnerRejected, { partnerId, reason: 'screening' }, factory.command(manager, 'screening'))]);
      continue;
    }
    story.append(stream, [factory.event(PartnerApproved, { partnerId, override: false }, factory.command(manager))]);
    const agreement = signAgreement(story, partnerId, manager);
    return {
      partnerId,
      weight,
      quality: random.chance(0.12) ? 0.15 + random.next() * 0.15 : 0.45 + random.next() * 0.5,
      agreement,
      offerPartner: random.chance(0.3),
      offer: undefined,
      active: true,
      accountOpened: false,
      openLines: [],
      figures: emptyFigures(),
      misses: { conversionRate: 0, retentionRate: 0 },
    };
  }
}

function signAgreement(story: StoryContext, partnerId: string, manager: Actor): AgreementBook {
  const { random, factory } = story;
  const agreementId = `ag-${partnerId}`;
  const currency = random.chance(0.85) ? 'EUR' : 'GBP';
  const terms: Terms = {
    currency,
    commission: random.chance(0.85)
      ? { type: 'percentage', rateBps: random.pick([500, 750, 1000, 1200, 1500, 2000]) }
      : { type: 'flat', amount: random.pick([500, 1000, 1500, 2500]) },
    attributionWindowDays: 90,
    holdDays: 0,
    bonuses: random.chance(0.5) ? [{ kind: 'retention', minRate: 0.9, bonusBps: 500 }] : [],
    kpis: [
      { metric: 'conversionRate', target: { min: 0.3 } },
      { metric: 'retentionRate', target: { min: 0.9 } },
    ],
    exit: { consecutiveMisses: 3 },
  };
  if (random.chance(0.2)) terms.capPerPeriod = { amount: random.pick([10_000, 25_000, 50_000]), currency };
  story.append(streams.agreement(agreementId), [
    factory.event(AgreementSigned, { agreementId, partnerId, terms, termsVersion: 1, effectiveFrom: story.nowIso }, factory.command(manager)),
  ]);
  return { agreementId, terms, termsVersion: 1, amended: false };
}
