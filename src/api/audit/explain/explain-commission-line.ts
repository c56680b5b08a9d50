import type { z } from 'zod';
import {
  AdjustmentPosted,
  BonusAwarded,
  CommissionAccrued,
  CommissionCapped,
  CommissionClawedBack,
} from '../../../domain/account/account.events';
import { AgreementAmended, AgreementSigned, KpiMeasured } from '../../../domain/agreement/agreement.events';
import { CustomerAttributed } from '../../../domain/attribution/attribution.events';
import { OfferLaunched, OfferRedeemed } from '../../../domain/offer/offer.events';
import { ReferralConverted, ReferralRegistered, RevenueRefunded } from '../../../domain/referral/referral.events';
import type { EventDefinition } from '../../../domain/shared/event-definition';
import { streams } from '../../../domain/stream-names';
import type { AuditEvent } from '../audit-payloads';
import type { ExplainSources } from './explain-sources';
import { actorsOf, StepList } from './explain-steps';
import type { CommissionExplanation, TermsInEffect } from './explanation.schema';

/** A stored payload, typed by the definition whose type the caller has checked (stored events passed their schema). */
function payload<D extends EventDefinition>(_definition: D, record: AuditEvent): z.infer<D['data']> {
  return record.data as z.infer<D['data']>;
}

const is = <D extends EventDefinition>(definition: D, record: AuditEvent | undefined): record is AuditEvent =>
  record?.type === definition.type;

/** What the explanation learns on the way, beyond the steps themselves. */
interface Facts {
  customerId?: string;
  offerId?: string;
}

/**
 * Explains one money line of a partner's account (accrual, clawback, bonus, cap, adjustment): the chain back to
 * the conversion, the referral and its attribution, the offer redeemed (if any), the agreement terms version it
 * was computed on (or the dispute that decided it), and everyone who acted on the way. Undefined when the
 * event is unknown or is not a money line.
 */
export async function explainCommissionLine(sources: ExplainSources, eventId: string): Promise<CommissionExplanation | undefined> {
  const line = await sources.event(eventId);
  if (!line) return undefined;
  const steps = new StepList();
  steps.add(line, 'line');
  const facts: Facts = {};
  let explanation: CommissionExplanation;
  if (is(CommissionAccrued, line)) {
    const data = payload(CommissionAccrued, line);
    await addReferralOrigin(sources, steps, facts, data.referralId, data.conversionId);
    const terms = await termsInEffect(sources, steps, data.agreementId, data.termsVersion);
    // Built by assignment, not by spreading: a payout's explanation builds these hundreds of times.
    explanation = base(line, 'accrual', data, data.commission.amount, data.commission.currency);
    explanation.agreementId = data.agreementId;
    explanation.referralId = data.referralId;
    explanation.conversionId = data.conversionId;
    explanation.termsVersion = data.termsVersion;
    if (data.rateBps !== undefined) explanation.rateBps = data.rateBps;
    if (terms) explanation.terms = terms;
  } else if (is(CommissionClawedBack, line)) {
    const data = payload(CommissionClawedBack, line);
    const referral = await sources.stream(streams.referral(data.referralId));
    steps.add(referral.find((event) => event.eventId === data.sourceEventId) ?? findRefund(referral, data.conversionId));
    const accrualEventId = sources.lineEventId(data.partnerId, data.accrualLineId);
    if (accrualEventId !== undefined) steps.add(await sources.event(accrualEventId), 'clawed-back-accrual');
    await addReferralOrigin(sources, steps, facts, data.referralId, data.conversionId);
    const terms = await termsInEffect(sources, steps, data.agreementId, data.termsVersion);
    explanation = base(line, 'clawback', data, -data.amount.amount, data.amount.currency);
    explanation.agreementId = data.agreementId;
    explanation.referralId = data.referralId;
    explanation.conversionId = data.conversionId;
    explanation.termsVersion = data.termsVersion;
    if (terms) explanation.terms = terms;
  } else if (is(BonusAwarded, line)) {
    const data = payload(BonusAwarded, line);
    const terms = await termsInEffect(sources, steps, data.agreementId, data.termsVersion);
    if (data.kind === 'retention') await addKpiEvidence(sources, steps, data.agreementId, data.period, 'retentionRate');
    explanation = base(line, 'bonus', data, data.amount.amount, data.amount.currency);
    explanation.agreementId = data.agreementId;
    explanation.termsVersion = data.termsVersion;
    explanation.rateBps = data.bonusBps;
    if (terms) explanation.terms = terms;
  } else if (is(CommissionCapped, line)) {
    const data = payload(CommissionCapped, line);
    const terms =
      data.agreementId !== undefined && data.termsVersion !== undefined
        ? await termsInEffect(sources, steps, data.agreementId, data.termsVersion)
        : undefined;
    explanation = base(line, 'cap', data, -data.amount.amount, data.amount.currency);
    if (data.agreementId !== undefined) explanation.agreementId = data.agreementId;
    if (data.termsVersion !== undefined) explanation.termsVersion = data.termsVersion;
    if (terms) explanation.terms = terms;
  } else if (is(AdjustmentPosted, line)) {
    const data = payload(AdjustmentPosted, line);
    const dispute = await sources.stream(streams.dispute(data.disputeId));
    // The resolution first (it decided the amount), then the dispute's story in order.
    steps.add(dispute.find((event) => event.eventId === data.sourceEventId));
    for (const event of dispute) steps.add(event);
    explanation = base(line, 'adjustment', data, data.amount.amount, data.amount.currency);
    explanation.disputeId = data.disputeId;
  } else {
    return undefined;
  }
  // Whatever the recorded causation names beyond the structure above (e.g. the close that awarded a bonus).
  // Walked last: by now the streams read above hold most of the causes.
  for (const cause of await sources.causes(eventId)) steps.add(cause);
  if (facts.customerId !== undefined) explanation.customerId = facts.customerId;
  if (facts.offerId !== undefined) explanation.offerId = facts.offerId;
  explanation.chain = steps.list();
  explanation.actors = actorsOf(explanation.chain);
  return explanation;
}

/**
 * Reads at once what explaining these lines reads one line at a time: the referrals of the conversions and
 * refunds behind them, then the attributions of those referrals' customers (where the registration's cause,
 * the attribution, is then found without another read).
 */
export async function readLineOrigins(sources: ExplainSources, lines: Iterable<AuditEvent>): Promise<void> {
  const referralIds = new Set<string>();
  for (const line of lines) {
    if (is(CommissionAccrued, line)) referralIds.add(payload(CommissionAccrued, line).referralId);
    else if (is(CommissionClawedBack, line)) referralIds.add(payload(CommissionClawedBack, line).referralId);
  }
  if (referralIds.size === 0) return;
  const customers = new Set<string>();
  for (const referral of await sources.streams([...referralIds].map(streams.referral))) {
    const registration = referral.find((event) => is(ReferralRegistered, event));
    if (registration) customers.add(payload(ReferralRegistered, registration).customerId);
  }
  await sources.streams([...customers].map(streams.attribution));
}

function base(
  line: AuditEvent,
  kind: CommissionExplanation['kind'],
  data: { partnerId: string; period: string; lineId: string },
  amount: number,
  currency: string,
): CommissionExplanation {
  return {
    eventId: line.eventId,
    kind,
    partnerId: data.partnerId,
    period: data.period,
    lineId: data.lineId,
    amount: { amount, currency },
    chain: [],
    actors: [],
  };
}

function findRefund(referral: AuditEvent[], conversionId: string): AuditEvent | undefined {
  return referral.find((event) => is(RevenueRefunded, event) && payload(RevenueRefunded, event).conversionId === conversionId);
}

/** The conversion, the referral's registration, the customer's attribution, and the offer redemption and offer. */
async function addReferralOrigin(
  sources: ExplainSources,
  steps: StepList,
  facts: Facts,
  referralId: string,
  conversionId: string,
): Promise<void> {
  const referral = await sources.stream(streams.referral(referralId));
  steps.add(referral.find((event) => is(ReferralConverted, event) && payload(ReferralConverted, event).conversionId === conversionId));
  const registration = referral.find((event) => is(ReferralRegistered, event));
  if (!registration) return;
  steps.add(registration);
  const { customerId, offerId, partnerId } = payload(ReferralRegistered, registration);
  facts.customerId = customerId;
  if (offerId !== undefined) facts.offerId = offerId;
  const attributionStream = streams.attribution(customerId);
  const isTheAttribution = (event: AuditEvent): boolean => {
    if (!is(CustomerAttributed, event)) return false;
    const data = payload(CustomerAttributed, event);
    if (data.referralId !== undefined) return data.referralId === referralId;
    return data.partnerId === partnerId && data.source.id === (offerId ?? referralId);
  };
  // The first attribution of the customer that stands for this referral. The registration's cause usually is it:
  // when that is the first event of the customer's attribution stream, no other can come before it.
  const cause = await sources.causeOf(registration);
  const attribution =
    cause && cause.streamId === attributionStream && cause.revision === 0 && isTheAttribution(cause)
      ? cause
      : (await sources.stream(attributionStream)).find(isTheAttribution);
  steps.add(attribution);
  if (offerId === undefined) return;
  steps.add(await redemptionOf(sources, attribution, offerId, referralId, customerId));
  const launch = await sources.first(streams.offer(offerId));
  if (is(OfferLaunched, launch)) steps.add(launch);
}

/**
 * The redemption that attributed the customer: the attribution's cause (one lookup, usually of the event just
 * before the attribution), or else found in the offer's stream, which holds every redemption of the offer and
 * can be long.
 */
async function redemptionOf(
  sources: ExplainSources,
  attribution: AuditEvent | undefined,
  offerId: string,
  referralId: string,
  customerId: string,
): Promise<AuditEvent | undefined> {
  const cause = attribution ? await sources.causeOf(attribution) : undefined;
  if (is(OfferRedeemed, cause)) return cause;
  return (await sources.stream(streams.offer(offerId))).find((event) => {
    if (!is(OfferRedeemed, event)) return false;
    const data = payload(OfferRedeemed, event);
    return data.referralId !== undefined ? data.referralId === referralId : data.customerId === customerId;
  });
}

/** The signature or amendment that declared the terms version, added as a step. */
async function termsInEffect(
  sources: ExplainSources,
  steps: StepList,
  agreementId: string,
  termsVersion: number,
): Promise<TermsInEffect | undefined> {
  const agreement = await sources.stream(streams.agreement(agreementId));
  for (const event of agreement) {
    if (!is(AgreementSigned, event) && !is(AgreementAmended, event)) continue;
    const data = payload(AgreementAmended, event);
    if (data.termsVersion !== termsVersion) continue;
    steps.add(event);
    return { agreementId, termsVersion, effectiveFrom: data.effectiveFrom, terms: data.terms, eventId: event.eventId };
  }
  return undefined;
}

/** The measurements that earned (or were judged for) a period-end bonus. */
async function addKpiEvidence(sources: ExplainSources, steps: StepList, agreementId: string, period: string, metric: string): Promise<void> {
  for (const event of await sources.stream(streams.agreement(agreementId))) {
    if (!is(KpiMeasured, event)) continue;
    const data = payload(KpiMeasured, event);
    if (data.period === period && data.metric === metric) steps.add(event);
  }
}
