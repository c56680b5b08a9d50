import type { LatencySummary } from '../bench-suite';

/** Per-operation latencies in nanoseconds, kept in a typed array so recording does not allocate. */
export class LatencyRecorder {
  private samples: Float64Array;
  private size = 0;

  constructor(expected: number) {
    this.samples = new Float64Array(Math.max(16, expected));
  }

  record(startedNs: bigint, endedNs: bigint): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = Number(endedNs - startedNs);
  }

  get count(): number {
    return this.size;
  }

  summary(): LatencySummary | undefined {
    if (this.size === 0) return undefined;
    const sorted = this.samples.slice(0, this.size).sort();
    return {
      samples: this.size,
      p50: toMs(percentile(sorted, 0.5)),
      p99: toMs(percentile(sorted, 0.99)),
      max: toMs(sorted[sorted.length - 1] ?? 0),
    };
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function toMs(ns: number): number {
  return Math.round(ns / 1e3) / 1e3;
}
