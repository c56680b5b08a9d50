import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';

export const DisputeSubjectSchema = z.strictObject({
  type: z.enum(['payout', 'commission', 'referral']),
  id: z.string().min(1).max(200),
});

export const DisputeOpened = defineEvent(
  'DisputeOpened',
  1,
  z.object({
    disputeId: IdSchema,
    partnerId: IdSchema,
    subject: DisputeSubjectSchema,
    claim: MoneySchema.optional(),
    description: z.string().min(1).max(5000),
  }),
);

export const DisputeEvidenceAdded = defineEvent(
  'DisputeEvidenceAdded',
  1,
  z.object({
    disputeId: IdSchema,
    partnerId: IdSchema,
    description: z.string().min(1).max(5000),
    reference: z.string().max(500).optional(),
  }),
);

export const DisputeResolved = defineEvent(
  'DisputeResolved',
  1,
  z.object({
    disputeId: IdSchema,
    partnerId: IdSchema,
    outcome: z.enum(['upheld', 'rejected', 'partial']),
    /** Signed; posted to the partner's account by the dispute-adjustment process manager. */
    adjustment: MoneySchema.optional(),
    reason: ReasonSchema,
  }),
);

export const disputeEvents = [DisputeOpened, DisputeEvidenceAdded, DisputeResolved] as const;
export type DisputeEvent =
  | EventOf<typeof DisputeOpened>
  | EventOf<typeof DisputeEvidenceAdded>
  | EventOf<typeof DisputeResolved>;
