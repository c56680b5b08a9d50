import type { BenchOptions } from '../bench-options';

export interface StoreSizes {
  /** Sequential durable appends (one writer) and raw commits per row: fsync-bound (~0.1 ms each here). */
  sequential: number;
  /** The 1-writer raw and ours scenarios alternate in this many rounds (see sequential-pair.ts). */
  sequentialRounds: number;
  writers: number;
  /** Appends per writer in the concurrent scenario. */
  perWriter: number;
  /** Rows in the raw batched insert. */
  batched: number;
  batch: number;
  /** Events seeded, then read back, in the `$all` scenarios. */
  read: number;
  readBatch: number;
  /** The `$all` scenarios read everything this many times and report the median pass (a pass is short). */
  readPasses: number;
}

/**
 * The default run stays near a minute and a half on a 2-core machine whose disk does ~10k fsyncs/s; the
 * durable-append scenarios are also time-boxed (`--seconds`) in case a subject is far slower.
 */
export function storeSizes(options: BenchOptions): StoreSizes {
  const writers = options.writers;
  if (options.quick) {
    return { sequential: 200, sequentialRounds: 2, writers, perWriter: 5, batched: 5_000, batch: 1000, read: 5_000, readBatch: 1000, readPasses: 1 };
  }
  const events = options.events;
  return {
    // 10k in 20 rounds: 3k in 6 gave ratios 0.65-0.82 from one run to the next, 10k in 20 gave 0.836-0.844.
    sequential: Math.min(10_000, events ?? 10_000),
    sequentialRounds: 20,
    writers,
    perWriter: Math.max(1, Math.ceil((events ?? 32_000) / writers)),
    batched: events ?? 100_000,
    batch: 1000,
    read: events ?? 100_000,
    readBatch: 1000,
    readPasses: 7,
  };
}
