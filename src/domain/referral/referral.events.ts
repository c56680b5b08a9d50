import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema } from '../shared/identifiers';
import { PositiveMoneySchema } from '../shared/money';

export const ReferralRegistered = defineEvent(
  'ReferralRegistered',
  1,
  z.object({
    referralId: IdSchema,
    agreementId: IdSchema,
    partnerId: IdSchema,
    customerId: IdSchema,
    /** Set when the referral came from a promo-code redemption. */
    offerId: IdSchema.optional(),
  }),
);

export const ReferralConverted = defineEvent(
  'ReferralConverted',
  1,
  z.object({
    referralId: IdSchema,
    conversionId: IdSchema,
    agreementId: IdSchema,
    partnerId: IdSchema,
    customerId: IdSchema,
    revenue: PositiveMoneySchema,
  }),
);

export const RevenueRefunded = defineEvent(
  'RevenueRefunded',
  1,
  z.object({
    referralId: IdSchema,
    conversionId: IdSchema,
    agreementId: IdSchema,
    partnerId: IdSchema,
    refund: PositiveMoneySchema,
    /** Refunded so far for this conversion, this refund included. */
    refundedToDate: PositiveMoneySchema,
    /** The conversion's revenue: refunded / converted gives the pro-rata share. */
    converted: PositiveMoneySchema,
  }),
);

export const referralEvents = [ReferralRegistered, ReferralConverted, RevenueRefunded] as const;
export type ReferralEvent =
  | EventOf<typeof ReferralRegistered>
  | EventOf<typeof ReferralConverted>
  | EventOf<typeof RevenueRefunded>;
