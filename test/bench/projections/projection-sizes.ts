import type { BenchOptions } from '../bench-options';

/**
 * Sizes from the flags (`--proj-events N`, `--events-10m`), or from the environment: BENCH_PROJ_EVENTS=N,
 * BENCH_PROJ_HUGE=1 (or a count), BENCH_PROJ_CPU_PROF=<dir> (V8 CPU profile of the rebuild child),
 * BENCH_PROJ_BATCH=N (engine batch size). A flag wins over the environment.
 */
export interface ProjectionSizes {
  /** Events in the ledger the rebuild and the audit queries run on. */
  events: number;
  /** Events streamed through the engine by the opt-in memory run; undefined = not asked for. */
  huge: number | undefined;
  /** Engine batch size; undefined = the engine's default, which the service runs with. */
  batchSize: number | undefined;
  /** Memory samples along the rebuild, every this many events. */
  sampleEvery: number;
  queries: number;
  warmup: number;
  /** Ledgers up to this size are cached under the OS temp dir; a 10M-event file (~10 GB) is not. */
  cacheUpTo: number;
  cpuProfileDir: string | undefined;
}

const TEN_MILLION = 10_000_000;

export function projectionSizes(options: BenchOptions, env: NodeJS.ProcessEnv = process.env): ProjectionSizes {
  const events = options.projEvents ?? positive('BENCH_PROJ_EVENTS', env.BENCH_PROJ_EVENTS) ?? (options.quick ? 100_000 : 1_000_000);
  const hugeEnv = env.BENCH_PROJ_HUGE;
  const huge = options.events10m || hugeEnv === '1' || hugeEnv === 'true' ? TEN_MILLION : positive('BENCH_PROJ_HUGE', hugeEnv);
  return {
    events,
    huge,
    batchSize: positive('BENCH_PROJ_BATCH', env.BENCH_PROJ_BATCH),
    sampleEvery: Math.max(10_000, Math.round(events / 10)),
    queries: options.quick ? 500 : 2_000,
    warmup: options.quick ? 100 : 300,
    cacheUpTo: 2_000_000,
    cpuProfileDir: env.BENCH_PROJ_CPU_PROF || undefined,
  };
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} wants a positive integer, got ${text}`);
  return value;
}
