import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, ReasonSchema } from '../shared/identifiers';

export const ScoreSchema = z.number().int().min(1).max(10);

export const ScoreCardSchema = z.strictObject({
  debtRatio: z.number().min(0).max(100),
  auditedYears: z.number().int().min(0).max(200),
  successfulCases: z.number().int().min(0).max(1_000_000),
  scores: z.strictObject({
    channel: ScoreSchema,
    customerBase: ScoreSchema,
    reputation: ScoreSchema,
    culture: ScoreSchema,
    skills: ScoreSchema,
  }),
});
export type ScoreCard = z.infer<typeof ScoreCardSchema>;

export const PartnerProposed = defineEvent(
  'PartnerProposed',
  1,
  z.object({
    partnerId: IdSchema,
    name: z.string().min(1).max(200),
    segment: z.string().max(100).optional(),
    contact: z.string().max(200).optional(),
  }),
);

export const PartnerScreened = defineEvent(
  'PartnerScreened',
  1,
  z.object({
    partnerId: IdSchema,
    card: ScoreCardSchema,
    recommendation: z.enum(['approve', 'reject']),
    /** Weighted score on the 1–10 scale, to two decimals (a score, not money). */
    weightedScore: z.number(),
    reasons: z.array(z.string()),
  }),
);

export const PartnerApproved = defineEvent(
  'PartnerApproved',
  1,
  z.object({ partnerId: IdSchema, override: z.boolean(), reason: ReasonSchema.optional() }),
);

export const PartnerRejected = defineEvent(
  'PartnerRejected',
  1,
  z.object({ partnerId: IdSchema, reason: ReasonSchema.optional() }),
);

export const partnerEvents = [PartnerProposed, PartnerScreened, PartnerApproved, PartnerRejected] as const;
export type PartnerEvent =
  | EventOf<typeof PartnerProposed>
  | EventOf<typeof PartnerScreened>
  | EventOf<typeof PartnerApproved>
  | EventOf<typeof PartnerRejected>;
