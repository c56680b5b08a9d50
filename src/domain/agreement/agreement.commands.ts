import { z } from 'zod';
import { PartnerStatusSchema } from '../partner/partner.state';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { KpiMetricSchema, TermsSchema } from './terms.schema';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/agreements: terms version 1, in effect from `signedAt` (default: the business time of the command). */
export const SignAgreementBody = z.strictObject({
  agreementId: IdSchema,
  partnerId: IdSchema,
  terms: TermsSchema,
  signedAt: InstantSchema.optional(),
  ...envelope,
});
export type SignAgreementBody = z.infer<typeof SignAgreementBody>;

/** POST /v1/agreements/{id}/amendments: the next terms version, in effect from `effectiveFrom`. */
export const AmendAgreementBody = z.strictObject({ terms: TermsSchema, effectiveFrom: InstantSchema, ...envelope });
export type AmendAgreementBody = z.infer<typeof AmendAgreementBody>;

/** POST /v1/agreements/{id}/termination: the reason is required here. */
export const TerminateAgreementBody = z.strictObject({ ...envelope, reason: ReasonSchema });
export type TerminateAgreementBody = z.infer<typeof TerminateAgreementBody>;

/** POST /v1/agreements/{id}/kpi-measurements: a value in the metric's natural unit (rates are fractions). */
export const MeasureKpiBody = z.strictObject({
  metric: KpiMetricSchema,
  period: PeriodSchema,
  value: z.number().finite(),
  ...envelope,
});
export type MeasureKpiBody = z.infer<typeof MeasureKpiBody>;

export const SignAgreement = defineCommand('SignAgreement', 1, {
  ...withoutEnvelope(SignAgreementBody),
  /** The partner's status, loaded by the handler from partner-{partnerId}. */
  partnerStatus: PartnerStatusSchema,
});
export type SignAgreement = CommandOf<typeof SignAgreement>;

export const AmendAgreement = defineCommand('AmendAgreement', 1, { agreementId: IdSchema, ...withoutEnvelope(AmendAgreementBody) });
export type AmendAgreement = CommandOf<typeof AmendAgreement>;

export const TerminateAgreement = defineCommand('TerminateAgreement', 1, { agreementId: IdSchema, reason: ReasonSchema });
export type TerminateAgreement = CommandOf<typeof TerminateAgreement>;

export const MeasureKpi = defineCommand('MeasureKpi', 1, { agreementId: IdSchema, ...withoutEnvelope(MeasureKpiBody) });
export type MeasureKpi = CommandOf<typeof MeasureKpi>;

export const agreementCommands = [SignAgreement, AmendAgreement, TerminateAgreement, MeasureKpi] as const;
export type AgreementCommand = SignAgreement | AmendAgreement | TerminateAgreement | MeasureKpi;
