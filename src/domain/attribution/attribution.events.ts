import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, InstantSchema } from '../shared/identifiers';

/** Stream attribution-{customerId}: the guard that a customer belongs to at most one partner inside a window. */
export const CustomerAttributed = defineEvent(
  'CustomerAttributed',
  1,
  z.object({
    customerId: IdSchema,
    partnerId: IdSchema,
    agreementId: IdSchema,
    source: z.object({ type: z.enum(['referral', 'offer']), id: IdSchema }),
    attributedAt: InstantSchema,
    windowEndsAt: InstantSchema,
    /**
     * The referral this attribution registers (added with the referral flow): the referral-registration
     * process manager completes a ReferralRegistered that a crash left missing.
     */
    referralId: IdSchema.optional(),
  }),
);

export const attributionEvents = [CustomerAttributed] as const;
export type AttributionEvent = EventOf<typeof CustomerAttributed>;
