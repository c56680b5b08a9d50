import { z } from 'zod';
import { MoneySchema } from '../../../domain/shared/money';
import { AuditEventSchema } from '../audit-event.view';

/** One event of an explanation and what it is to the thing explained ("conversion", "terms", "payout-approved", …). */
export const ExplainStepSchema = AuditEventSchema.extend({ relation: z.string() });
export type ExplainStep = z.infer<typeof ExplainStepSchema>;

/** Who did what, for an auditor who asks "who was involved": people, and process managers acting for them. */
export const ExplainActorSchema = z.object({
  principalId: z.string(),
  role: z.string(),
  acts: z.array(z.object({ relation: z.string(), type: z.string(), eventId: z.string(), occurredAt: z.string(), recordedAt: z.string() })),
});
export type ExplainActor = z.infer<typeof ExplainActorSchema>;

export const TermsInEffectSchema = z.object({
  agreementId: z.string(),
  termsVersion: z.number().int(),
  effectiveFrom: z.string(),
  terms: z.unknown(),
  /** The signature or amendment that declared this version. */
  eventId: z.string(),
});
export type TermsInEffect = z.infer<typeof TermsInEffectSchema>;

export const CommissionExplanationSchema = z.object({
  eventId: z.string(),
  kind: z.enum(['accrual', 'clawback', 'bonus', 'cap', 'adjustment']),
  partnerId: z.string(),
  period: z.string(),
  lineId: z.string(),
  /** Signed as on the statement: clawbacks and caps are negative. */
  amount: MoneySchema,
  agreementId: z.string().optional(),
  referralId: z.string().optional(),
  conversionId: z.string().optional(),
  customerId: z.string().optional(),
  offerId: z.string().optional(),
  disputeId: z.string().optional(),
  termsVersion: z.number().int().optional(),
  rateBps: z.number().int().optional(),
  /** The agreement terms version the line was computed on. */
  terms: TermsInEffectSchema.optional(),
  /** From the line back to where it came from: the line, its source event, the referral, attribution, offer, terms. */
  chain: z.array(ExplainStepSchema),
  actors: z.array(ExplainActorSchema),
});
export type CommissionExplanation = z.infer<typeof CommissionExplanationSchema>;

export const PayoutExplanationSchema = z.object({
  payoutId: z.string(),
  partnerId: z.string(),
  period: z.string(),
  status: z.enum(['prepared', 'approved', 'paid']),
  total: MoneySchema,
  /** The payout's own events and what each caused on the account (the reservation and settlement of its lines). */
  steps: z.array(ExplainStepSchema),
  lines: z.array(
    z.object({
      lineId: z.string(),
      kind: z.string(),
      amount: MoneySchema,
      period: z.string(),
      /** Null only when the read model has not got the line yet (ask again with ?minPosition=). */
      explanation: CommissionExplanationSchema.nullable(),
    }),
  ),
  actors: z.array(ExplainActorSchema),
});
export type PayoutExplanation = z.infer<typeof PayoutExplanationSchema>;
