import { z } from 'zod';
import type { AgreementSnapshot } from '../agreement/agreement-snapshot';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema, type Money } from '../shared/money';
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

export type LaunchOffer = Omit<LaunchOfferBody, 'occurredAt' | 'reason'> & {
  type: 'LaunchOffer';
  /** The agreement at the launch's business time, loaded by the handler (null: it does not exist). */
  agreement: AgreementSnapshot | null;
  occurredAt: string;
};

export interface RedeemOffer {
  type: 'RedeemOffer';
  offerId: string;
  code: string;
  customerId: string;
  orderValue?: Money;
  referralId: string;
  /** The offer's agreement at the redemption's business time, loaded by the handler. */
  agreement: AgreementSnapshot | null;
  occurredAt: string;
}

export type OfferCommand = LaunchOffer | RedeemOffer;
