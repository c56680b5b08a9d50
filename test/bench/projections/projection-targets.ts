import type { TargetResult } from '../bench-suite';

/**
 * This suite's goals are absolute (events/s, MB, ms) rather than ratios between two scenarios, so each is
 * reported as measured ÷ limit (or limit ÷ measured for "at most" goals) against a goal of 100%: above 100%
 * is within the goal by that margin. The measured value is in the description.
 */
export function atLeast(id: string, scenario: string, description: string, measured: number | undefined, limit: number): TargetResult {
  const base = { id, description, goal: 1, numerator: scenario, denominator: `limit ${limit}` };
  if (measured === undefined || !Number.isFinite(measured)) return { ...base, ratio: null, status: 'N/A' };
  const ratio = measured / limit;
  return { ...base, ratio, status: ratio >= 1 ? 'PASS' : 'MISS' };
}

export function atMost(id: string, scenario: string, description: string, measured: number | undefined, limit: number): TargetResult {
  const base = { id, description, goal: 1, numerator: scenario, denominator: `limit ${limit}` };
  if (measured === undefined || !Number.isFinite(measured)) return { ...base, ratio: null, status: 'N/A' };
  // Nothing measured above zero (no growth at all) is within any limit.
  if (measured <= 0) return { ...base, ratio: null, status: 'PASS' };
  const ratio = limit / measured;
  return { ...base, ratio, status: ratio >= 1 ? 'PASS' : 'MISS' };
}
