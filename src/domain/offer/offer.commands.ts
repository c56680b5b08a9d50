import { z } from 'zod';
import { AgreementSnapshotSchema } from '../agreement/agreement-snapshot';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';
import { OfferLaunched, PromoCodeSchema } from './offer.events';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/offers: the partner is the agreement's. */
export const LaunchOfferBody = z.strictObject({ ...OfferLaunched.data.omit({ partnerId: true }).shape, ...envelope });
export type LaunchOfferBody = z.infer<typeof LaunchOfferBody>;

/**
 * POST /v1/offers/{id}/redemptions. `referralId` names the referral the redemption registers for the customer;
 * without it one is derived from the offer and the customer, so a retry lands on the same referral.
 */
export const RedeemOfferBody = z.strictObject({
  code: PromoCodeSchema,
  customerId: IdSchema,
  orderValue: MoneySchema.optional(),
  referralId: IdSchema.optional(),
  ...envelope,
});
export type RedeemOfferBody = z.infer<typeof RedeemOfferBody>;

export const LaunchOffer = defineCommand('LaunchOffer', 1, {
  ...withoutEnvelope(LaunchOfferBody),
  /** The agreement at the launch's business time, loaded by the handler (null: it does not exist). */
  agreement: AgreementSnapshotSchema.nullable(),
});
export type LaunchOffer = CommandOf<typeof LaunchOffer>;

export const RedeemOffer = defineCommand('RedeemOffer', 1, {
  offerId: IdSchema,
  ...withoutEnvelope(RedeemOfferBody),
  /** Always set here: the handler derives one when the body has none. */
  referralId: IdSchema,
  /** The offer's agreement at the redemption's business time, loaded by the handler. */
  agreement: AgreementSnapshotSchema.nullable(),
});
export type RedeemOffer = CommandOf<typeof RedeemOffer>;

export const offerCommands = [LaunchOffer, RedeemOffer] as const;
export type OfferCommand = LaunchOffer | RedeemOffer;
