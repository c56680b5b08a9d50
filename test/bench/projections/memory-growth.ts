import type { MemorySample } from './rebuild/sampling-source';

export interface MemoryGrowth {
  /** RSS (MB) at the first sample at or after `from` events. */
  baselineMb: number;
  baselineEvents: number;
  /** Highest RSS (MB) from there on. */
  peakAfterMb: number;
  /** (peakAfter − baseline) / baseline: "flat" is a small number. */
  growth: number;
  /** max − min of every sample past the first `from` events, in MB. */
  spreadMb: number;
}

/** How much RSS still grows once the engine is warm (past `from` events): flat means it stops growing. */
export function memoryGrowth(samples: readonly MemorySample[], from: number): MemoryGrowth | undefined {
  const later = samples.filter((sample) => sample.events >= from);
  const baseline = later[0];
  if (!baseline || later.length < 2) return undefined;
  const rss = later.map((sample) => sample.rssMb);
  const peak = Math.max(...rss);
  return {
    baselineMb: baseline.rssMb,
    baselineEvents: baseline.events,
    peakAfterMb: peak,
    growth: (peak - baseline.rssMb) / baseline.rssMb,
    spreadMb: Math.round((peak - Math.min(...rss)) * 10) / 10,
  };
}

/** "1M:212 2M:230 …" for a table note. */
export function seriesNote(samples: readonly MemorySample[]): string {
  return samples
    .filter((sample) => sample.events > 0)
    .map((sample) => `${compact(sample.events)}:${Math.round(sample.rssMb)}`)
    .join(' ');
}

export function compact(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${Math.round(count / 1_000)}k`;
  return String(count);
}
