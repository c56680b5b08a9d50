import { z } from 'zod';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import type { PartnerStatus } from '../partner/partner.state';
import { KpiMetricSchema, TermsSchema, type KpiMetric, type Terms } from './terms.schema';

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

export interface SignAgreement {
  type: 'SignAgreement';
  agreementId: string;
  partnerId: string;
  terms: Terms;
  signedAt?: string;
  /** The partner's status, loaded by the handler from partner-{partnerId}. */
  partnerStatus: PartnerStatus;
  occurredAt: string;
}

export interface AmendAgreement {
  type: 'AmendAgreement';
  agreementId: string;
  terms: Terms;
  effectiveFrom: string;
  occurredAt: string;
}

export interface TerminateAgreement {
  type: 'TerminateAgreement';
  agreementId: string;
  reason: string;
  occurredAt: string;
}

export interface MeasureKpi {
  type: 'MeasureKpi';
  agreementId: string;
  metric: KpiMetric;
  period: string;
  value: number;
  occurredAt: string;
}

export type AgreementCommand = SignAgreement | AmendAgreement | TerminateAgreement | MeasureKpi;
