import { AdjustmentPosted, BonusAwarded, CommissionCapped, PayoutLinesReserved, PayoutSettled, PeriodClosed } from '../../../../src/domain/account/account.events';
import { AgreementAmended, AgreementTerminated, KpiBreached, KpiMeasured, TerminationRecommended } from '../../../../src/domain/agreement/agreement.events';
import { DisputeEvidenceAdded, DisputeOpened, DisputeResolved } from '../../../../src/domain/dispute/dispute.events';
import { PayoutApproved, PayoutPaid, PayoutPrepared, type PayoutLine } from '../../../../src/domain/payout/payout.events';
import { periodOf } from '../../../../src/domain/shared/identifiers';
import { applyBps } from '../../../../src/domain/shared/money';
import { streams } from '../../../../src/domain/stream-names';
import type { NewEvent } from '../../../../src/event-store/event-store.port';
import { ACTORS, emptyFigures, type OpenLine, type PartnerBook } from './partner-book';
import type { StoryContext } from './story-context';

const TARGETS = { conversionRate: 0.3, retentionRate: 0.9 } as const;
const EXIT_AFTER_MISSES = 3;

/**
 * The month end of one partner, as finance and the partner manager run it on the 1st: the KPIs measured (a
 * miss opens a breach; three in a row recommend termination), the period closed with its bonus and cap, then
 * a payout of every open line, approved two days later by another person and paid two days after that.
 */
export function closePeriod(story: StoryContext, partner: PartnerBook, period: string): void {
  // A terminated agreement is not measured any more; its last lines are still closed and paid.
  if (partner.active) measureKpis(story, partner, period);
  closeAccount(story, partner, period);
  preparePayout(story, partner, period);
  partner.figures = emptyFigures();
}

function measureKpis(story: StoryContext, partner: PartnerBook, period: string): void {
  const { factory, random } = story;
  const { agreementId } = partner.agreement;
  const { partnerId, figures } = partner;
  const context = factory.command(random.pick(ACTORS.partnerManagers));
  const values = {
    conversionRate: figures.referrals === 0 ? 0 : round4(figures.conversions / figures.referrals),
    retentionRate: figures.conversions === 0 ? 1 : round4(1 - figures.refunds / figures.conversions),
  };
  const events: NewEvent[] = [];
  for (const metric of ['conversionRate', 'retentionRate'] as const) {
    const target = { min: TARGETS[metric] };
    const missed = values[metric] < target.min;
    events.push(factory.event(KpiMeasured, { agreementId, partnerId, metric, period, value: values[metric], target, missed }, context));
    partner.misses[metric] = missed ? partner.misses[metric] + 1 : 0;
    if (!missed) continue;
    const consecutiveMisses = partner.misses[metric];
    events.push(factory.event(KpiBreached, { agreementId, partnerId, metric, period, value: values[metric], target, consecutiveMisses }, context));
    if (consecutiveMisses >= EXIT_AFTER_MISSES) {
      events.push(
        factory.event(TerminationRecommended, { agreementId, partnerId, metric, period, consecutiveMisses, threshold: EXIT_AFTER_MISSES }, context),
      );
    }
  }
  story.append(streams.agreement(agreementId), events);
  const recommended = events.some((event) => event.type === TerminationRecommended.type);
  // Half the recommendations are acted on a few days later; the partner then stops sending customers.
  if (recommended && partner.active && random.chance(0.5)) {
    partner.active = false;
    story.schedule(random.int(2, 6), () => {
      story.append(streams.agreement(agreementId), [
        factory.event(AgreementTerminated, { agreementId, partnerId, reason: 'KPI targets missed three periods in a row' }, factory.command(random.pick(ACTORS.partnerManagers), 'KPI exit clause')),
      ]);
    });
  }
}

function closeAccount(story: StoryContext, partner: PartnerBook, period: string): void {
  const { factory, random } = story;
  const { agreementId, terms, termsVersion } = partner.agreement;
  const { partnerId, figures } = partner;
  const currency = terms.currency;
  const closed = factory.event(
    PeriodClosed,
    { partnerId, period, ...(terms.capPerPeriod ? { caps: [{ agreementId, cap: terms.capPerPeriod }] } : {}) },
    factory.command(random.pick(ACTORS.finance)),
  );
  const events: NewEvent[] = [closed];
  let earned = figures.netCommission;
  const bonus = terms.bonuses.find((rule) => rule.kind === 'retention');
  const retentionRate = figures.conversions === 0 ? 1 : round4(1 - figures.refunds / figures.conversions);
  if (bonus && figures.netCommission > 0 && retentionRate >= bonus.minRate) {
    const amount = applyBps(figures.netCommission, bonus.bonusBps);
    if (amount > 0) {
      const lineId = `bonus:${agreementId}:${period}:retention`;
      const awarded = factory.event(
        BonusAwarded,
        {
          partnerId,
          lineId,
          period,
          agreementId,
          kind: 'retention',
          bonusBps: bonus.bonusBps,
          base: { amount: figures.netCommission, currency },
          amount: { amount, currency },
          termsVersion,
          evidence: { retentionRate },
        },
        factory.effect('period-close', closed),
      );
      events.push(awarded);
      partner.openLines.push({ lineId, kind: 'bonus', amount, period, sourceEventId: awarded.eventId });
      earned += amount;
    }
  }
  const cap = terms.capPerPeriod;
  if (cap && earned > cap.amount) {
    const lineId = `cap:${agreementId}:${period}`;
    const capped = factory.event(
      CommissionCapped,
      { partnerId, lineId, period, cap, amount: { amount: earned - cap.amount, currency }, agreementId, termsVersion },
      factory.effect('period-close', closed),
    );
    events.push(capped);
    partner.openLines.push({ lineId, kind: 'cap', amount: -(earned - cap.amount), period, sourceEventId: capped.eventId });
  }
  story.append(streams.account(partnerId), events);
}

function preparePayout(story: StoryContext, partner: PartnerBook, period: string): void {
  const { factory, random } = story;
  const lines = partner.openLines;
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  // Nothing owed (or a clawback larger than what was earned): the lines wait for the next period.
  if (lines.length === 0 || total <= 0) return;
  partner.openLines = [];
  const { partnerId } = partner;
  const currency = partner.agreement.terms.currency;
  const payoutId = `po-${partnerId}-${period}`;
  const preparer = random.pick(ACTORS.finance);
  const context = factory.command(preparer);
  const money = { amount: total, currency };
  const lineIds = lines.map((line) => line.lineId);
  story.append(streams.account(partnerId), [factory.event(PayoutLinesReserved, { partnerId, payoutId, period, lineIds, total: money }, context)]);
  story.append(streams.payout(payoutId), [
    factory.event(
      PayoutPrepared,
      { payoutId, partnerId, period, lines: lines.map((line) => payoutLine(line, currency)), total: money, preparedBy: preparer.principalId },
      context,
    ),
  ]);
  story.stats.countPayout(lines.length);
  story.stats.sample('payouts', payoutId, random);

  story.schedule(2, () => {
    const approver = random.pick(ACTORS.approvers);
    story.append(streams.payout(payoutId), [factory.event(PayoutApproved, { payoutId, partnerId, approvedBy: approver.principalId }, factory.command(approver))]);
  });
  story.schedule(4, () => {
    const payer = random.pick(ACTORS.finance);
    const bankReference = `SEPA-${payoutId}`;
    const paid = factory.event(PayoutPaid, { payoutId, partnerId, bankReference, total: money, paidBy: payer.principalId }, factory.command(payer));
    story.append(streams.payout(payoutId), [paid]);
    story.append(streams.account(partnerId), [
      factory.event(PayoutSettled, { partnerId, payoutId, lineIds, total: money, bankReference, sourceEventId: paid.eventId }, factory.effect('payout-settlement', paid)),
    ]);
  });
  // One payout in fifty is disputed after payment; most disputes end with an adjustment on the next payout.
  if (random.chance(0.02)) story.schedule(random.int(6, 12), () => dispute(story, partner, payoutId, total));
}

function dispute(story: StoryContext, partner: PartnerBook, payoutId: string, total: number): void {
  const { factory, random } = story;
  story.stats.disputes += 1;
  const disputeId = `dp-${story.stats.disputes.toString(36)}`;
  const { partnerId } = partner;
  const currency = partner.agreement.terms.currency;
  const stream = streams.dispute(disputeId);
  const claim = Math.max(100, Math.round(total * (0.02 + random.next() * 0.1)));
  const manager = random.pick(ACTORS.partnerManagers);
  story.append(stream, [
    factory.event(
      DisputeOpened,
      { disputeId, partnerId, subject: { type: 'payout', id: payoutId }, claim: { amount: claim, currency }, description: 'conversions missing from the statement' },
      factory.command(manager),
    ),
  ]);
  story.schedule(random.int(1, 4), () => {
    story.append(stream, [
      factory.event(DisputeEvidenceAdded, { disputeId, partnerId, description: 'order export attached', reference: `doc-${disputeId}` }, factory.command(manager)),
    ]);
  });
  story.schedule(random.int(5, 10), () => {
    const outcome = random.pick(['upheld', 'partial', 'rejected'] as const);
    const adjustment = outcome === 'upheld' ? claim : outcome === 'partial' ? Math.round(claim / 2) : 0;
    const resolver = random.pick(ACTORS.finance);
    const resolved = factory.event(
      DisputeResolved,
      { disputeId, partnerId, outcome, ...(adjustment > 0 ? { adjustment: { amount: adjustment, currency } } : {}), reason: `claim ${outcome}` },
      factory.command(resolver, `claim ${outcome}`),
    );
    story.append(stream, [resolved]);
    if (adjustment === 0) return;
    const lineId = `adjustment:${disputeId}`;
    const period = periodOf(story.nowIso);
    story.append(streams.account(partnerId), [
      factory.event(
        AdjustmentPosted,
        { partnerId, lineId, period, disputeId, sourceEventId: resolved.eventId, amount: { amount: adjustment, currency }, reason: `dispute ${disputeId} ${outcome}` },
        factory.effect('dispute-adjustment', resolved),
      ),
    ]);
    partner.openLines.push({ lineId, kind: 'adjustment', amount: adjustment, period, sourceEventId: resolved.eventId });
  });
}

/** New terms from today: a better rate (or flat amount); later accruals are computed on version 2. */
export function amendAgreement(story: StoryContext, partner: PartnerBook): void {
  const { factory, random } = story;
  const agreement = partner.agreement;
  const rule = agreement.terms.commission;
  const commission = rule.type === 'percentage' ? { ...rule, rateBps: rule.rateBps + 250 } : rule;
  const terms = { ...agreement.terms, commission };
  const termsVersion = agreement.termsVersion + 1;
  story.append(streams.agreement(agreement.agreementId), [
    factory.event(
      AgreementAmended,
      { agreementId: agreement.agreementId, partnerId: partner.partnerId, terms, termsVersion, effectiveFrom: story.nowIso },
      factory.command(random.pick(ACTORS.partnerManagers), 'renegotiated rate'),
    ),
  ]);
  partner.agreement = { ...agreement, terms, termsVersion, amended: true };
}

function payoutLine(line: OpenLine, currency: string): PayoutLine {
  return {
    lineId: line.lineId,
    kind: line.kind,
    amount: { amount: line.amount, currency },
    period: line.period,
    sourceEventId: line.sourceEventId,
    ...(line.referralId !== undefined ? { referralId: line.referralId } : {}),
    ...(line.conversionId !== undefined ? { conversionId: line.conversionId } : {}),
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
