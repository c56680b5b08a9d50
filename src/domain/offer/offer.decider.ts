import { agreementInEffect } from '../agreement/agreement-snapshot';
import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import type { LaunchOffer, OfferCommand, RedeemOffer } from './offer.commands';
import type { OfferEvent } from './offer.events';
import { evolveOffer, hasRedeemed, initialOfferState, type OfferState } from './offer.state';

type OfferDecision = Decision<OfferEvent>;

const iso = (instant: string) => new Date(instant).toISOString();

/** offer-{id}: launched on a live agreement, then redeemed by customers with its promo codes. */
export const offerDecider: Decider<OfferCommand, OfferState, OfferEvent> = {
  initialState: initialOfferState,
  evolve: evolveOffer,
  immutableState: true,
  decide(command, state) {
    return command.type === 'LaunchOffer' ? decideLaunch(command, state) : decideRedemption(command, state);
  },
};

function decideLaunch(command: LaunchOffer, state: OfferState): OfferDecision {
  const { type: _type, agreement, occurredAt, ...offer } = command;
  if (state.status !== 'absent') {
    return refuse(conflict('ALREADY_EXISTS', `offer ${offer.offerId} was already launched`, { offerId: offer.offerId }));
  }
  if (!agreement) {
    return refuse(rule('UNKNOWN_AGREEMENT', `agreement ${offer.agreementId} does not exist`, { agreementId: offer.agreementId }));
  }
  if (agreement.terminated) {
    return refuse(rule('AGREEMENT_TERMINATED', `agreement ${offer.agreementId} is terminated`, { agreementId: offer.agreementId }));
  }
  if (Date.parse(offer.validFrom) >= Date.parse(offer.validUntil)) {
    return refuse(
      rule('INVALID_VALIDITY_WINDOW', 'validFrom must be before validUntil', { validFrom: offer.validFrom, validUntil: offer.validUntil }),
    );
  }
  const repeated = offer.codes.filter((code, i) => offer.codes.indexOf(code) !== i);
  if (repeated.length > 0) {
    return refuse(rule('DUPLICATE_CODE', `promo codes must be distinct: ${[...new Set(repeated)].join(', ')}`, { codes: [...new Set(repeated)] }));
  }
  return accept({
    type: 'OfferLaunched',
    data: { ...offer, partnerId: agreement.partnerId, validFrom: iso(offer.validFrom), validUntil: iso(offer.validUntil) },
    occurredAt,
  });
}

/**
 * Valid in [validFrom, validUntil): the end instant is the first one at which the offer no longer applies.
 * A redemption counts toward the limit whether its code is shared or single-use.
 */
function decideRedemption(command: RedeemOffer, state: OfferState): OfferDecision {
  const { offerId, code, customerId, occurredAt } = command;
  if (state.status === 'absent' || !state.offer) return refuse(notFound('offer', offerId));
  const offer = state.offer;
  if (command.agreement?.terminated) {
    return refuse(rule('AGREEMENT_TERMINATED', `agreement ${offer.agreementId} is terminated`, { agreementId: offer.agreementId }));
  }
  if (!offer.codes.includes(code)) {
    return refuse(rule('UNKNOWN_CODE', `${code} is not a code of offer ${offerId}`, { offerId, code }));
  }
  const at = Date.parse(occurredAt);
  if (at < Date.parse(offer.validFrom)) {
    return refuse(rule('OFFER_NOT_STARTED', `offer ${offerId} is valid from ${offer.validFrom}`, { offerId, validFrom: offer.validFrom }));
  }
  if (at >= Date.parse(offer.validUntil)) {
    return refuse(rule('OFFER_EXPIRED', `offer ${offerId} expired at ${offer.validUntil}`, { offerId, validUntil: offer.validUntil }));
  }
  const live = agreementInEffect(command.agreement, offer.agreementId, occurredAt);
  if (!live.ok) return refuse(live.error);
  if (offer.singleUse && (state.redeemedBy[code]?.length ?? 0) > 0) {
    return refuse(rule('CODE_ALREADY_REDEEMED', `single-use code ${code} was already redeemed`, { offerId, code }));
  }
  if (hasRedeemed(state, code, customerId)) {
    return refuse(conflict('ALREADY_EXISTS', `customer ${customerId} already redeemed ${code}`, { offerId, code, customerId }));
  }
  if (offer.maxRedemptions !== undefined && state.redemptions >= offer.maxRedemptions) {
    return refuse(
      rule('REDEMPTION_LIMIT_REACHED', `offer ${offerId} reached its limit of ${offer.maxRedemptions} redemptions`, {
        offerId,
        maxRedemptions: offer.maxRedemptions,
      }),
    );
  }
  if (command.orderValue && command.orderValue.currency !== live.terms.terms.currency) {
    return refuse(
      rule('CURRENCY_MISMATCH', `the order is in ${command.orderValue.currency}, the agreement in ${live.terms.terms.currency}`, {
        currency: command.orderValue.currency,
        expected: live.terms.terms.currency,
      }),
    );
  }
  return accept({
    type: 'OfferRedeemed',
    data: {
      offerId,
      agreementId: offer.agreementId,
      partnerId: offer.partnerId,
      code,
      customerId,
      ...(command.orderValue ? { orderValue: command.orderValue } : {}),
      referralId: command.referralId,
    },
    occurredAt,
  });
}
