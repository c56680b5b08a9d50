import { z } from 'zod';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';
import { DisputeSubjectSchema } from './dispute.events';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/disputes (partner-manager, finance). */
export const OpenDisputeBody = z.strictObject({
  disputeId: IdSchema,
  partnerId: IdSchema,
  subject: DisputeSubjectSchema,
  claim: MoneySchema.optional(),
  description: z.string().min(1).max(5000),
  ...envelope,
});
export type OpenDisputeBody = z.infer<typeof OpenDisputeBody>;

/** POST /v1/disputes/{id}/evidence (any writer). */
export const AddEvidenceBody = z.strictObject({
  description: z.string().min(1).max(5000),
  reference: z.string().min(1).max(500).optional(),
  ...envelope,
});
export type AddEvidenceBody = z.infer<typeof AddEvidenceBody>;

/** POST /v1/disputes/{id}/resolution (finance): the reason is required here; an adjustment is signed, never zero. */
export const ResolveDisputeBody = z.strictObject({
  outcome: z.enum(['upheld', 'rejected', 'partial']),
  adjustment: MoneySchema.refine((m) => m.amount !== 0, 'an adjustment is not zero; leave it out instead').optional(),
  ...envelope,
  reason: ReasonSchema,
});
export type ResolveDisputeBody = z.infer<typeof ResolveDisputeBody>;

export const OpenDispute = defineCommand('OpenDispute', 1, {
  ...withoutEnvelope(OpenDisputeBody),
  /**
   * Whether the subject exists and belongs to the partner, as the handler found it: null when it cannot be
   * checked from a stream (a commission is named by a conversion, line or event id).
   */
  subjectFound: z.boolean().nullable(),
});
export type OpenDispute = CommandOf<typeof OpenDispute>;

export const AddEvidence = defineCommand('AddEvidence', 1, { disputeId: IdSchema, ...withoutEnvelope(AddEvidenceBody) });
export type AddEvidence = CommandOf<typeof AddEvidence>;

export const ResolveDispute = defineCommand('ResolveDispute', 1, {
  disputeId: IdSchema,
  ...withoutEnvelope(ResolveDisputeBody),
  reason: ReasonSchema,
});
export type ResolveDispute = CommandOf<typeof ResolveDispute>;

export const disputeCommands = [OpenDispute, AddEvidence, ResolveDispute] as const;
export type DisputeCommand = OpenDispute | AddEvidence | ResolveDispute;
