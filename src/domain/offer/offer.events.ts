import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, InstantSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';

export const PromoCodeSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

export const IncentiveSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('discount'), percentBps: z.number().int().min(1).max(10_000) }),
  z.strictObject({ type: z.literal('discountAmount'), amount: MoneySchema }),
  z.strictObject({ type: z.literal('freeItem'), item: z.string().min(1).max(200) }),
]);

export const OfferLaunched = defineEvent(
  'OfferLaunched',
  1,
  z.object({
    offerId: IdSchema,
    agreementId: IdSchema,
    partnerId: IdSchema,
    description: z.string().min(1).max(2000),
    incentive: IncentiveSchema,
    codes: z.array(PromoCodeSchema).min(1).max(10_000),
    singleUse: z.boolean(),
    validFrom: InstantSchema,
    validUntil: InstantSchema,
    maxRedemptions: z.number().int().min(1).optional(),
  }),
);

export const OfferRedeemed = defineEvent(
  'OfferRedeemed',
  1,
  z.object({
    offerId: IdSchema,
    agreementId: IdSchema,
    partnerId: IdSchema,
    code: PromoCodeSchema,
    customerId: IdSchema,
    orderValue: MoneySchema.optional(),
    /** The referral registered for the customer by this redemption (added with the referral flow). */
    referralId: IdSchema.optional(),
  }),
);

export const offerEvents = [OfferLaunched, OfferRedeemed] as const;
export type OfferEvent = EventOf<typeof OfferLaunched> | EventOf<typeof OfferRedeemed>;
