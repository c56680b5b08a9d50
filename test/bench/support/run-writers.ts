import type { LatencySummary } from '../bench-suite';
import { now, secondsSince } from './clock';
import { LatencyRecorder } from './latency';
import type { Progress } from './progress';

export interface WritersPlan {
  label: string;
  writers: number;
  /** Appends each writer attempts at most (failed attempts count). */
  perWriter: number;
  /** Writers stop starting new appends after this many seconds (the scenario's time box). */
  maxSeconds: number;
  /**
   * The `index`-th successful append (0-based) of writer `writer`, so the expected revision is known;
   * resolves when durable, rejects on failure.
   */
  appendOne(writer: number, index: number): Promise<void>;
}

export interface WritersOutcome {
  succeeded: number;
  failed: number;
  firstError?: string;
  seconds: number;
  latency?: LatencySummary;
  /** True when the time box, not the count, ended the run. */
  timeBoxed: boolean;
}

/**
 * Runs `writers` loops concurrently, each awaiting its own appends one after the other (as a request
 * handler would). A failed append is counted and the writer tries the same revision again on its next
 * attempt: the peer is expected to fail under contention, and the table reports how often instead of
 * crashing.
 */
export async function runWriters(plan: WritersPlan, progress: Progress): Promise<WritersOutcome> {
  const total = plan.writers * plan.perWriter;
  const latency = new LatencyRecorder(total);
  const deadline = now() + BigInt(Math.round(plan.maxSeconds * 1e9));
  let succeeded = 0;
  let failed = 0;
  let firstError: string | undefined;
  let timeBoxed = false;
  const started = now();

  const watchdog = new StuckAppendWatchdog(plan.writers, ATTEMPT_TIMEOUT_MS);

  const writer = async (w: number): Promise<void> => {
    let index = 0;
    for (let attempt = 0; attempt < plan.perWriter; attempt++) {
      if (now() > deadline) {
        timeBoxed = true;
        return;
      }
      const t0 = now();
      try {
        await watchdog.watch(w, t0, plan.appendOne(w, index));
        latency.record(t0, now());
        succeeded += 1;
        index += 1;
      } catch (error) {
        failed += 1;
        firstError ??= describeError(error);
        // The append may still be running, so this stream's revision is unknown: the writer gives up.
        if (error instanceof AttemptTimeoutError) return;
      }
      progress.tick(plan.label, succeeded + failed, total, started);
    }
  };

  try {
    await Promise.all(Array.from({ length: plan.writers }, (_, w) => writer(w)));
  } finally {
    watchdog.stop();
  }
  const seconds = secondsSince(started);
  const summary = latency.summary();
  return {
    succeeded,
    failed,
    seconds,
    timeBoxed,
    ...(summary ? { latency: summary } : {}),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

/** An append that has not settled after this long is counted as failed, so a stuck subject cannot hang the run. */
const ATTEMPT_TIMEOUT_MS = 30_000;

class AttemptTimeoutError extends Error {
  readonly code = 'BENCH_ATTEMPT_TIMEOUT';
  constructor(ms: number) {
    super(`append did not settle within ${ms} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/**
 * Fails a writer's append that has not settled after `timeoutMs`, with one timer for all writers: a timer
 * per append (set, then cleared) would charge its own cost to the subject being measured.
 */
class StuckAppendWatchdog {
  private readonly pendingSince: (bigint | undefined)[];
  private readonly giveUp: { promise: Promise<never>; reject: (error: Error) => void }[];
  private readonly timer: NodeJS.Timeout;

  constructor(writers: number, timeoutMs: number) {
    this.pendingSince = new Array<bigint | undefined>(writers).fill(undefined);
    this.giveUp = Array.from({ length: writers }, () => {
      let reject!: (error: Error) => void;
      const promise = new Promise<never>((_, fail) => {
        reject = fail;
      });
      promise.catch(() => undefined);
      return { promise, reject };
    });
    const limitNs = BigInt(timeoutMs) * 1_000_000n;
    this.timer = setInterval(() => {
      const t = now();
      this.pendingSince.forEach((since, w) => {
        if (since !== undefined && t - since > limitNs) this.giveUp[w]!.reject(new AttemptTimeoutError(timeoutMs));
      });
    }, Math.min(1_000, timeoutMs));
  }

  async watch<T>(writer: number, startedNs: bigint, work: Promise<T>): Promise<T> {
    this.pendingSince[writer] = startedNs;
    try {
      return await Promise.race([work, this.giveUp[writer]!.promise]);
    } finally {
      this.pendingSince[writer] = undefined;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ` : '';
    return `${error.name}: ${prefix}${error.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
