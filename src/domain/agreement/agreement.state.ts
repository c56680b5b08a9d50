import { z } from 'zod';
import { InstantSchema } from '../shared/identifiers';
import type { AgreementEvent } from './agreement.events';
import { TermsSchema, type KpiMetric } from './terms.schema';

/** A schema because other aggregates' commands carry it (see AgreementSnapshot). */
export const TermsVersionViewSchema = z.object({
  termsVersion: z.number().int().min(1),
  terms: TermsSchema,
  effectiveFrom: InstantSchema,
  /** Business time of the signature or amendment that declared this version. */
  declaredAt: InstantSchema,
});
export type TermsVersionView = z.infer<typeof TermsVersionViewSchema>;

export interface KpiMeasurement {
  period: string;
  value: number;
  target?: { min?: number; max?: number };
  missed: boolean;
  measuredAt: string;
}

export interface KpiTrack {
  /** By period; a later measurement of the same period (a correction) replaces the earlier one. */
  measurements: Record<string, KpiMeasurement>;
  /** Periods at which termination was recommended: one recommendation per run of misses. */
  recommendedAt: string[];
}

export interface TerminationRecommendation {
  metric: KpiMetric;
  period: string;
  consecutiveMisses: number;
  threshold: number;
  recommendedAt: string;
}

export interface AgreementState {
  status: 'absent' | 'active' | 'terminated';
  agreementId?: string;
  partnerId?: string;
  /** In signature order: versions[0] is version 1. */
  versions: TermsVersionView[];
  kpis: Partial<Record<KpiMetric, KpiTrack>>;
  terminationRecommendations: TerminationRecommendation[];
  termination?: { reason: string; terminatedAt: string };
}

export const initialAgreementState: AgreementState = {
  status: 'absent',
  versions: [],
  kpis: {},
  terminationRecommendations: [],
};

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  switch (event.type) {
    case 'AgreementSigned':
    case 'AgreementAmended': {
      const { agreementId, partnerId, terms, termsVersion, effectiveFrom } = event.data;
      return {
        ...state,
        status: state.status === 'absent' ? 'active' : state.status,
        agreementId,
        partnerId,
        versions: [...state.versions, { termsVersion, terms, effectiveFrom, declaredAt: event.occurredAt }],
      };
    }
    case 'KpiMeasured': {
      const { metric, period, value, target, missed } = event.data;
      const track = state.kpis[metric] ?? { measurements: {}, recommendedAt: [] };
      const measurement: KpiMeasurement = { period, value, missed, measuredAt: event.occurredAt, ...(target ? { target } : {}) };
      return {
        ...state,
        kpis: { ...state.kpis, [metric]: { ...track, measurements: { ...track.measurements, [period]: measurement } } },
      };
    }
    case 'KpiBreached':
      // The breach is derived from the measurement before it; the streak is recomputed from measurements.
      return state;
    case 'TerminationRecommended': {
      const { metric, period, consecutiveMisses, threshold } = event.data;
      const track = state.kpis[metric] ?? { measurements: {}, recommendedAt: [] };
      return {
        ...state,
        kpis: { ...state.kpis, [metric]: { ...track, recommendedAt: [...track.recommendedAt, period] } },
        terminationRecommendations: [
          ...state.terminationRecommendations,
          { metric, period, consecutiveMisses, threshold, recommendedAt: event.occurredAt },
        ],
      };
    }
    case 'AgreementTerminated':
      return { ...state, status: 'terminated', termination: { reason: event.data.reason, terminatedAt: event.occurredAt } };
  }
}

/**
 * The terms version in effect at a business instant: the latest `effectiveFrom` ≤ instant; between two versions
 * effective from the same instant, the later one (it replaced its predecessor). Null before version 1 takes
 * effect. Instants compare as time values, so "…00Z" and "…00.000Z" agree. Every money event is computed on this,
 * never on today's terms.
 */
export function termsAt(state: Pick<AgreementState, 'versions'>, instant: string): TermsVersionView | null {
  const at = Date.parse(instant);
  let best: TermsVersionView | null = null;
  let bestFrom = -Infinity;
  for (const version of state.versions) {
    const from = Date.parse(version.effectiveFrom);
    if (from > at) continue;
    if (best === null || from > bestFrom || (from === bestFrom && version.termsVersion > best.termsVersion)) {
      best = version;
      bestFrom = from;
    }
  }
  return best;
}
