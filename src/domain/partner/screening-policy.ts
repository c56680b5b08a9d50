import type { ScoreCard } from './partner.events';

type Scores = ScoreCard['scores'];

/**
 * Turns a score card into a recommendation. Weights are in hundredths (they sum to 100) and the threshold is in
 * hundredths of a score point, so the weighted score is an exact integer count of hundredths: 7.00 is 700, and
 * no float rounding can flip a borderline card.
 */
export interface ScreeningPolicy {
  maxDebtRatio: number;
  minAuditedYears: number;
  minSuccessfulCases: number;
  weightsHundredths: Record<keyof Scores, number>;
  approveAtHundredths: number;
}

export const defaultScreeningPolicy: ScreeningPolicy = {
  maxDebtRatio: 0.6,
  minAuditedYears: 3,
  minSuccessfulCases: 3,
  weightsHundredths: { channel: 25, customerBase: 25, reputation: 20, culture: 15, skills: 15 },
  approveAtHundredths: 700,
};

export interface ScreeningOutcome {
  recommendation: 'approve' | 'reject';
  /** On the 1–10 scale, exactly two decimals. */
  weightedScore: number;
  weightedScoreHundredths: number;
  reasons: string[];
}

/** Σ score × weight, in hundredths of a score point (scores are integers 1–10, weights integers). */
export function weightedScoreHundredths(scores: Scores, policy: ScreeningPolicy = defaultScreeningPolicy): number {
  const w = policy.weightsHundredths;
  return (
    scores.channel * w.channel +
    scores.customerBase * w.customerBase +
    scores.reputation * w.reputation +
    scores.culture * w.culture +
    scores.skills * w.skills
  );
}

const twoDecimals = (hundredths: number) => (hundredths / 100).toFixed(2);

export function screen(card: ScoreCard, policy: ScreeningPolicy = defaultScreeningPolicy): ScreeningOutcome {
  const hundredths = weightedScoreHundredths(card.scores, policy);
  const knockouts: string[] = [];
  if (card.debtRatio > policy.maxDebtRatio) {
    knockouts.push(`debt ratio ${card.debtRatio} is above ${policy.maxDebtRatio.toFixed(2)}`);
  }
  if (card.auditedYears < policy.minAuditedYears) {
    knockouts.push(`${card.auditedYears} years of audited reports, fewer than ${policy.minAuditedYears}`);
  }
  if (card.successfulCases < policy.minSuccessfulCases) {
    knockouts.push(`${card.successfulCases} successful partnerships on record, fewer than ${policy.minSuccessfulCases}`);
  }
  const base = { weightedScore: hundredths / 100, weightedScoreHundredths: hundredths };
  if (knockouts.length > 0) return { ...base, recommendation: 'reject', reasons: knockouts };
  const threshold = twoDecimals(policy.approveAtHundredths);
  return hundredths >= policy.approveAtHundredths
    ? { ...base, recommendation: 'approve', reasons: [`weighted score ${twoDecimals(hundredths)} reaches ${threshold}`] }
    : { ...base, recommendation: 'reject', reasons: [`weighted score ${twoDecimals(hundredths)} is below ${threshold}`] };
}
