import { periodOf } from '../../../../src/domain/shared/identifiers';
import { amendAgreement, closePeriod } from './period-close';
import { onboardPartner, type PartnerBook } from './partner-book';
import { launchOffer, registerReferral } from './referral-flow';
import { StoryContext, type PlannedAppend } from './story-context';

export interface StoryOptions {
  seed: number;
  /** Partners under contract at any time (a terminated one is replaced at the next month end). */
  partners: number;
  /** Mean referrals per partner and month; each partner's share is skewed (see weights below). */
  referralsPerPartnerMonth: number;
  /** First business day, e.g. 2016-01-01T00:00:00.000Z. */
  start: string;
}

const DAY_MS = 86_400_000;

/**
 * The partnership programme, day by day: partners onboarded, customers referred and converted, refunds, month
 * ends with KPIs, closes, bonuses, caps and payouts, quarterly offers, the odd amendment, dispute and
 * termination. `nextDay()` plans one more day of appends in business-time order; nothing is kept for long but
 * the partners themselves, so the story can run to any length in constant memory.
 */
export class LedgerStory {
  readonly context: StoryContext;
  private readonly partners: PartnerBook[] = [];

  constructor(private readonly options: StoryOptions) {
    this.context = new StoryContext(options.seed, Date.parse(options.start));
    const weights = skewedWeights(options.partners);
    for (const weight of weights) {
      const partner = onboardPartner(this.context, weight);
      this.partners.push(partner);
      if (partner.offerPartner) launchOffer(this.context, partner, quarterOf(this.context.dayStart));
    }
  }

  get firstDay(): string {
    return this.options.start.slice(0, 10);
  }

  get today(): string {
    return new Date(this.context.dayStart).toISOString().slice(0, 10);
  }

  /** Plans the next day; its appends are in `takePlanned()`. */
  nextDay(): void {
    const story = this.context;
    const due = story.advanceDay();
    const today = new Date(story.dayStart);
    if (today.getUTCDate() === 1) this.monthEnd(periodOf(new Date(story.dayStart - DAY_MS).toISOString()), today);
    for (const action of due) action();
    const perDay = this.options.referralsPerPartnerMonth / 30;
    for (const partner of this.partners) {
      if (!partner.active) continue;
      const arrivals = story.random.poisson(partner.weight * perDay);
      for (let i = 0; i < arrivals; i++) registerReferral(story, partner);
    }
  }

  takePlanned(): PlannedAppend[] {
    return this.context.planned.splice(0, this.context.planned.length);
  }

  private monthEnd(closing: string, today: Date): void {
    const story = this.context;
    const newQuarter = today.getUTCMonth() % 3 === 0;
    for (let i = 0; i < this.partners.length; i++) {
      let partner = this.partners[i]!;
      closePeriod(story, partner, closing);
      if (!partner.active) {
        partner = onboardPartner(story, partner.weight);
        this.partners[i] = partner;
        if (partner.offerPartner) launchOffer(story, partner, quarterOf(story.dayStart));
        continue;
      }
      if (newQuarter && partner.offerPartner) launchOffer(story, partner, quarterOf(story.dayStart));
      if (!partner.agreement.amended && story.random.chance(0.01)) amendAgreement(story, partner);
    }
  }
}

/**
 * Weights ∝ 1/√rank, scaled to a mean of 1: the largest partner sends about 20 times the mean, the top tenth
 * about a third of all customers, as affiliate programmes tend to look.
 */
function skewedWeights(count: number): number[] {
  const raw = Array.from({ length: count }, (_, i) => 1 / Math.sqrt(i + 1));
  const mean = raw.reduce((sum, w) => sum + w, 0) / count;
  return raw.map((w) => w / mean);
}

function quarterOf(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}
