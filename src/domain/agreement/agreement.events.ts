import { z } from 'zod';
import { defineEvent, type EventOf, type Upcaster } from '../shared/event-definition';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { KpiMetricSchema, KpiTargetSchema, TermsSchema } from './terms.schema';

export const AgreementSigned = defineEvent(
  'AgreementSigned',
  2,
  z.object({
    agreementId: IdSchema,
    partnerId: IdSchema,
    terms: TermsSchema,
    termsVersion: z.literal(1),
    /** Version 1 is in effect from the signature. */
    effectiveFrom: InstantSchema,
  }),
);

/**
 * Version 1 of AgreementSigned had no `effectiveFrom` and no `termsVersion` (the signature instant was
 * `signedAt`). Upcasting keeps old streams readable without rewriting them.
 */
export const agreementSignedV1Upcaster: Upcaster = {
  type: 'AgreementSigned',
  fromVersion: 1,
  upcast(data) {
    const { signedAt, ...rest } = data as { signedAt: string } & Record<string, unknown>;
    // Terms stored before a default existed get it now, as every reader of version 2 expects them complete.
    const terms = TermsSchema.safeParse(rest.terms);
    return { ...rest, ...(terms.success ? { terms: terms.data } : {}), termsVersion: 1, effectiveFrom: signedAt };
  },
};

export const AgreementAmended = defineEvent(
  'AgreementAmended',
  1,
  z.object({
    agreementId: IdSchema,
    partnerId: IdSchema,
    terms: TermsSchema,
    termsVersion: z.number().int().min(2),
    effectiveFrom: InstantSchema,
  }),
);

export const KpiMeasured = defineEvent(
  'KpiMeasured',
  1,
  z.object({
    agreementId: IdSchema,
    partnerId: IdSchema,
    metric: KpiMetricSchema,
    period: PeriodSchema,
    value: z.number(),
    target: KpiTargetSchema.optional(),
    missed: z.boolean(),
  }),
);

export const KpiBreached = defineEvent(
  'KpiBreached',
  1,
  z.object({
    agreementId: IdSchema,
    partnerId: IdSchema,
    metric: KpiMetricSchema,
    period: PeriodSchema,
    value: z.number(),
    target: KpiTargetSchema,
    /** Consecutive missed periods for this metric, this one included. */
    consecutiveMisses: z.number().int().min(1),
  }),
);

export const TerminationRecommended = defineEvent(
  'TerminationRecommended',
  1,
  z.object({
    agreementId: IdSchema,
    partnerId: IdSchema,
    metric: KpiMetricSchema,
    period: PeriodSchema,
    consecutiveMisses: z.number().int().min(1),
    threshold: z.number().int().min(1),
  }),
);

export const AgreementTerminated = defineEvent(
  'AgreementTerminated',
  1,
  z.object({ agreementId: IdSchema, partnerId: IdSchema, reason: ReasonSchema }),
);

export const agreementEvents = [
  AgreementSigned,
  AgreementAmended,
  KpiMeasured,
  KpiBreached,
  TerminationRecommended,
  AgreementTerminated,
] as const;
export type AgreementEvent =
  | EventOf<typeof AgreementSigned>
  | EventOf<typeof AgreementAmended>
  | EventOf<typeof KpiMeasured>
  | EventOf<typeof KpiBreached>
  | EventOf<typeof TerminationRecommended>
  | EventOf<typeof AgreementTerminated>;
