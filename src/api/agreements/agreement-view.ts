import { z } from 'zod';
import { termsAt, type AgreementState, type KpiMeasurement } from '../../domain/agreement/agreement.state';
import { missedRunAround } from '../../domain/agreement/kpi-streak';
import { KpiMetricSchema, TermsSchema, type KpiMetric } from '../../domain/agreement/terms.schema';

const TargetSchema = z.object({ min: z.number().optional(), max: z.number().optional() });

const MeasurementSchema = z.object({
  period: z.string(),
  value: z.number(),
  target: TargetSchema.optional(),
  missed: z.boolean(),
  measuredAt: z.string(),
});

export const KpiStatusSchema = z.object({
  metric: KpiMetricSchema,
  /** The target of the terms in effect now (absent: the metric has none). */
  target: TargetSchema.optional(),
  latest: MeasurementSchema.nullable(),
  /** Consecutive missed months up to the latest measured period (0 when it is on target). */
  consecutiveMisses: z.number().int(),
  breached: z.boolean(),
  measurements: z.array(MeasurementSchema),
});

/** GET /v1/agreements/{id}: every terms version and the status of every KPI, folded from the stream. */
export const AgreementViewSchema = z.object({
  agreementId: z.string(),
  partnerId: z.string(),
  status: z.enum(['active', 'terminated']),
  signedAt: z.string(),
  /** The version in effect now (null: version 1 takes effect later). */
  currentTermsVersion: z.number().int().nullable(),
  termsVersions: z.array(
    z.object({ termsVersion: z.number().int(), effectiveFrom: z.string(), declaredAt: z.string(), terms: TermsSchema }),
  ),
  kpis: z.array(KpiStatusSchema),
  terminationRecommendations: z.array(
    z.object({
      metric: KpiMetricSchema,
      period: z.string(),
      consecutiveMisses: z.number().int(),
      threshold: z.number().int(),
      recommendedAt: z.string(),
    }),
  ),
  termination: z.object({ reason: z.string(), terminatedAt: z.string() }).nullable(),
  revision: z.string(),
});
export type AgreementView = z.infer<typeof AgreementViewSchema>;

export function agreementView(state: AgreementState, revision: bigint, now: string): AgreementView {
  const current = termsAt(state, now);
  const targets = new Map((current ?? state.versions[state.versions.length - 1])?.terms.kpis.map((k) => [k.metric, k.target]) ?? []);
  const metrics = new Set<KpiMetric>([...targets.keys(), ...(Object.keys(state.kpis) as KpiMetric[])]);
  const kpis = [...metrics].sort().map((metric) => {
    const measured = state.kpis[metric]?.measurements ?? {};
    const measurements: KpiMeasurement[] = Object.values(measured).sort((a, b) => a.period.localeCompare(b.period));
    const latest = measurements[measurements.length - 1] ?? null;
    const consecutiveMisses = latest?.missed ? missedRunAround(measured, latest.period).length : 0;
    const target = targets.get(metric);
    return {
      metric,
      ...(target ? { target } : {}),
      latest,
      consecutiveMisses,
      breached: latest?.missed ?? false,
      measurements,
    };
  });
  return {
    agreementId: state.agreementId!,
    partnerId: state.partnerId!,
    status: state.status === 'terminated' ? 'terminated' : 'active',
    signedAt: state.versions[0]!.effectiveFrom,
    currentTermsVersion: current?.termsVersion ?? null,
    termsVersions: state.versions.map(({ termsVersion, effectiveFrom, declaredAt, terms }) => ({ termsVersion, effectiveFrom, declaredAt, terms })),
    kpis,
    terminationRecommendations: state.terminationRecommendations,
    termination: state.termination ?? null,
    revision: revision.toString(),
  };
}
