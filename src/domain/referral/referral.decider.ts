import { agreementInEffect } from '../agreement/agreement-snapshot';
import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import type { RecordConversion, ReferralCommand, RefundRevenue, RegisterReferral } from './referral.commands';
import type { ReferralEvent } from './referral.events';
import { evolveReferral, initialReferralState, type ReferralState } from './referral.state';

type ReferralDecision = Decision<ReferralEvent>;

/** referral-{id}: a referred customer of one agreement, its conversions (revenue) and their refunds. */
export const referralDecider: Decider<ReferralCommand, ReferralState, ReferralEvent> = {
  initialState: initialReferralState,
  evolve: evolveReferral,
  immutableState: true,
  decide(command, state) {
    if (command.type === 'RegisterReferral') return decideRegistration(command, state);
    if (!state.registered) return refuse(notFound('referral', command.referralId));
    return command.type === 'RecordConversion' ? decideConversion(command, state) : decideRefund(command, state);
  },
};

/** The customer's attribution was decided before (on attribution-{customerId}); registering only records it. */
function decideRegistration(command: RegisterReferral, state: ReferralState): ReferralDecision {
  const { type: _type, occurredAt, ...data } = command;
  if (state.registered) {
    return refuse(conflict('ALREADY_EXISTS', `referral ${command.referralId} was already registered`, { referralId: command.referralId }));
  }
  return accept({ type: 'ReferralRegistered', data, occurredAt });
}

function decideConversion(command: RecordConversion, state: ReferralState): ReferralDecision {
  const referral = state.registered!;
  const { conversionId, revenue, occurredAt } = command;
  if (state.conversions.some((c) => c.conversionId === conversionId)) {
    return refuse(conflict('ALREADY_EXISTS', `conversion ${conversionId} was already recorded`, { referralId: referral.referralId, conversionId }));
  }
  const live = agreementInEffect(command.agreement, referral.agreementId, occurredAt);
  if (!live.ok) return refuse(live.error);
  const currency = live.terms.terms.currency;
  if (revenue.currency !== currency) {
    return refuse(
      rule('CURRENCY_MISMATCH', `the revenue is in ${revenue.currency}, the agreement's terms in ${currency}`, {
        currency: revenue.currency,
        expected: currency,
        termsVersion: live.terms.termsVersion,
      }),
    );
  }
  return accept({
    type: 'ReferralConverted',
    data: {
      referralId: referral.referralId,
      conversionId,
      agreementId: referral.agreementId,
      partnerId: referral.partnerId,
      customerId: referral.customerId,
      revenue,
    },
    occurredAt,
  });
}

/**
 * Refunds of one conversion add up to at most its revenue; each carries the running total and the revenue so
 * the clawback can take exactly the matching share of the commission (and the rest, on the last refund).
 * A refund is recorded even after the agreement ended: the customer's money went back regardless.
 */
function decideRefund(command: RefundRevenue, state: ReferralState): ReferralDecision {
  const referral = state.registered!;
  const { conversionId, refund, occurredAt } = command;
  const conversion = state.conversions.find((c) => c.conversionId === conversionId);
  if (!conversion) {
    return refuse(
      rule('UNKNOWN_CONVERSION', `referral ${referral.referralId} has no conversion ${conversionId}`, {
        referralId: referral.referralId,
        conversionId,
      }),
    );
  }
  const { revenue } = conversion;
  if (refund.currency !== revenue.currency) {
    return refuse(
      rule('CURRENCY_MISMATCH', `the refund is in ${refund.currency}, the conversion in ${revenue.currency}`, {
        currency: refund.currency,
        expected: revenue.currency,
      }),
    );
  }
  const refundedToDate = conversion.refunded + refund.amount;
  if (refundedToDate > revenue.amount) {
    return refuse(
      rule('REFUND_EXCEEDS_CONVERSION', `refunds of ${conversionId} would exceed its revenue`, {
        conversionId,
        converted: revenue,
        refundedBefore: { amount: conversion.refunded, currency: revenue.currency },
        refundable: { amount: revenue.amount - conversion.refunded, currency: revenue.currency },
      }),
    );
  }
  return accept({
    type: 'RevenueRefunded',
    data: {
      referralId: referral.referralId,
      conversionId,
      agreementId: referral.agreementId,
      partnerId: referral.partnerId,
      refund,
      refundedToDate: { amount: refundedToDate, currency: revenue.currency },
      converted: revenue,
    },
    occurredAt,
  });
}
