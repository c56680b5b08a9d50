import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { agreementSnapshotAt } from '../../domain/agreement/agreement-snapshot';
import { redemptionReferralId } from '../../domain/attribution/attribution-keys';
import { attributionDecider } from '../../domain/attribution/attribution.decider';
import type { RedeemOffer, RedeemOfferBody } from '../../domain/offer/offer.commands';
import { offerDecider } from '../../domain/offer/offer.decider';
import { hasRedeemed } from '../../domain/offer/offer.state';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { loadAgreement } from '../agreements/load-agreement';
import { EVENT_STORE } from '../core/tokens';
import { attributeAndRegister, combinedResult, type AttributionRequest } from '../referrals/attribute-and-register';
import { loadAttribution, loadReferral } from '../referrals/load-referral';
import { referralIdClaims } from '../referrals/referral-id-claims';
import { refuseReferralIdTaken } from '../referrals/referral-id-taken';
import { loadOffer } from './load-offer';

export interface RedemptionResult {
  result: AppendResult;
  referralId: string;
}

export class RedeemOfferCommand extends Command<RedemptionResult> {
  constructor(
    readonly offerId: string,
    readonly body: RedeemOfferBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * OfferRedeemed on the offer, then the customer's attribution to the offer's partner (caused by the redemption)
 * and the referral that lets conversions be recorded. Every rule, the attribution's included, is checked before
 * the first append, so a refused redemption appends nothing; the attribution append itself stays the guard
 * against a concurrent claim. Keyed by code and customer: a customer redeems a code once, and a retry lands on
 * the same three events.
 */
@CommandHandler(RedeemOfferCommand)
export class RedeemOfferHandler implements ICommandHandler<RedeemOfferCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RedeemOfferCommand): Promise<RedemptionResult> {
    const { offerId, body } = command;
    return referralIdClaims.run(body.referralId ?? redemptionReferralId(offerId, body.customerId), () => this.redeem(command));
  }

  private async redeem({ offerId, body, ctx }: RedeemOfferCommand): Promise<RedemptionResult> {
    const { code, customerId } = body;
    const offer = (await loadOffer(this.store, offerId)).state;
    if (!offer.offer) throw new DomainErrorException(notFound('offer', offerId));
    const { agreementId } = offer.offer;
    const agreement = agreementSnapshotAt((await loadAgreement(this.store, agreementId)).state, ctx.occurredAt);
    const referralId = body.referralId ?? redemptionReferralId(offerId, customerId);
    const redeem: RedeemOffer = {
      type: 'RedeemOffer',
      offerId,
      code,
      customerId,
      ...(body.orderValue ? { orderValue: body.orderValue } : {}),
      referralId,
      agreement,
      occurredAt: ctx.occurredAt,
    };
    const attribution: AttributionRequest = { customerId, agreementId, referralId, source: { type: 'offer', id: offerId }, agreement };

    refuseReferralIdTaken((await loadReferral(this.store, referralId)).state, referralId, customerId, agreementId);
    // A repeat of a stored redemption is answered (or refused as a conflict) by executeCommand's replay.
    if (!hasRedeemed(offer, code, customerId)) {
      const decided = offerDecider.decide(redeem, offer);
      if (!decided.ok) throw new DomainErrorException(decided.error);
      const claimed = await loadAttribution(this.store, customerId);
      if (!claimed.referralIds.has(referralId)) {
        const attributed = attributionDecider.decide({ type: 'AttributeCustomer', ...attribution, occurredAt: ctx.occurredAt }, claimed.state);
        if (!attributed.ok) throw new DomainErrorException(attributed.error);
      }
    }

    const redeemed = await executeCommand(
      this.store,
      { streamId: streams.offer(offerId), decider: offerDecider, command: redeem, naturalKey: `redeem:${code}:${customerId}` },
      ctx,
    );
    const { expectedRevision: _ifMatchAppliesToTheOffer, ...rest } = ctx;
    const stored = redeemed.events[0]!;
    const registered = await attributeAndRegister(
      this.store,
      attribution,
      { ...rest, occurredAt: stored.occurredAt },
      redeemed.result.eventIds[0] ?? null,
    );
    return { result: combinedResult(redeemed.result, registered.attribution, registered.referral), referralId };
  }
}
