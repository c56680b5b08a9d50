import type { KpiTrack } from './agreement.state';

function shiftPeriod(period: string, months: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const previousPeriod = (period: string) => shiftPeriod(period, -1);
export const nextPeriod = (period: string) => shiftPeriod(period, 1);

export function missesTarget(value: number, target: { min?: number; max?: number } | undefined): boolean {
  if (!target) return false;
  return (target.min !== undefined && value < target.min) || (target.max !== undefined && value > target.max);
}

/**
 * The run of consecutive missed calendar months that contains `period` (which must itself be missed).
 * A month on target ends a run, and so does a month without a measurement: an unmeasured month is not
 * evidence of a miss. A late measurement that fills a gap joins the runs on either side.
 */
export function missedRunAround(measurements: KpiTrack['measurements'], period: string): string[] {
  const run = [period];
  for (let p = previousPeriod(period); measurements[p]?.missed; p = previousPeriod(p)) run.unshift(p);
  for (let p = nextPeriod(period); measurements[p]?.missed; p = nextPeriod(p)) run.push(p);
  return run;
}
