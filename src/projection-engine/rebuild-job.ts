import { randomUUID } from 'node:crypto';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { lowestCheckpoint, PendingBatch, projectEvents, type BatchTarget, type CommitPolicy } from './apply-batch';
import type { JobProgress, JobState, ProjectionFailure } from './projection-status';
import { readPlanOf, readStep, type ProjectionSource } from './projection-source';
import type { ReadModelDatabase } from './read-model-database';

/** What a rebuild needs from the engine that owns it. */
export interface RebuildHost {
  readonly source: Pick<ProjectionSource, 'readAll' | 'headPosition'>;
  readonly database: ReadModelDatabase;
  readonly batchSize: number;
  /** When the shadows commit; they always do before a swap. */
  readonly commitPolicy: CommitPolicy;
  /** Nothing else writes the database until the job ends (it runs inside catchUp()): it may stream. */
  readonly exclusive: boolean;
  /**
   * Called (synchronously, so nothing interleaves) each time the shadow has read everything up to `reached`.
   * Returns true when it swapped the shadows in; false when the live read models are further ahead and the
   * shadow must read on.
   */
  tryPromote(job: RebuildJob, reached: bigint): boolean;
  /** After a swap: drops the generations swapped out, a table per turn of the event loop; the job ends after. */
  dropRetiredTables(): Promise<void>;
  /**
   * Optional first phase: builds the shadows in worker threads up to `head` (the job's reading of it), while
   * this thread goes on serving, and resolves with the targets re-opened at the checkpoints the workers
   * committed; the job then reads the rest here and swaps. `onProgress` hears how far the workers have read; `signal` aborts when the
   * job is cancelled (the workers stop after their current read).
   */
  buildInWorkers?(
    targets: ReadonlyMap<string, BatchTarget>,
    head: bigint,
    onProgress: (position: bigint) => void,
    signal: AbortSignal,
  ): Promise<Map<string, BatchTarget>>;
}

/**
 * Builds shadow generations from their checkpoint (0 for a fresh rebuild) while the active ones keep serving,
 * then hands over to the host for the atomic swap. Several projections share one job, so $all is read once.
 */
export class RebuildJob {
  readonly jobId = randomUUID();
  readonly done: Promise<JobProgress>;
  private state: JobState = 'running';
  private error: ProjectionFailure | undefined;
  private readonly startedAt = new Date();
  private finishedAt: Date | undefined;
  private readonly startPosition: bigint;
  private reached: bigint;
  private head = 0n;
  private cancelled = false;
  private readonly abort = new AbortController();
  /** Shadow generations, by projection name (re-opened after a worker phase). */
  private shadows: ReadonlyMap<string, BatchTarget>;

  constructor(
    private readonly host: RebuildHost,
    targets: ReadonlyMap<string, BatchTarget>,
  ) {
    this.shadows = targets;
    this.startPosition = lowestCheckpoint(targets.values()) ?? 0n;
    this.reached = this.startPosition;
    this.done = this.run();
  }

  /** Shadow generations, by projection name. */
  get targets(): ReadonlyMap<string, BatchTarget> {
    return this.shadows;
  }

  get projections(): string[] {
    return [...this.targets.keys()];
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  cancel(): Promise<JobProgress> {
    this.cancelled = true;
    this.abort.abort();
    return this.done;
  }

  progress(): JobProgress {
    const end = this.finishedAt ?? new Date();
    const seconds = Math.max((end.getTime() - this.startedAt.getTime()) / 1000, 1e-3);
    const covered = Number(this.reached - this.startPosition);
    const eventsPerSecond = covered / seconds;
    const total = Number(this.head > this.reached ? this.head : this.reached);
    const remaining = total - Number(this.reached);
    const progress: JobProgress = {
      jobId: this.jobId,
      kind: 'rebuild',
      projections: this.projections,
      state: this.state,
      processed: Number(this.reached),
      total,
      eventsPerSecond: Math.round(eventsPerSecond),
      etaSeconds: this.state !== 'running' ? 0 : eventsPerSecond > 0 ? Math.ceil(remaining / eventsPerSecond) : null,
      startedAt: this.startedAt.toISOString(),
    };
    if (this.finishedAt) progress.finishedAt = this.finishedAt.toISOString();
    if (this.error) progress.error = this.error;
    return progress;
  }

  private async run(): Promise<JobProgress> {
    // Let the constructor return (and the host register the job) before the first read.
    await Promise.resolve();
    if (this.host.buildInWorkers && !this.cancelled) {
      try {
        this.head = await this.host.source.headPosition();
        this.shadows = await this.host.buildInWorkers(this.shadows, this.head, (position) => this.noteWorkerProgress(position), this.abort.signal);
      } catch (error) {
        return this.fail(error);
      }
      this.reached = lowestCheckpoint(this.shadows.values()) ?? 0n;
    }
    this.host.database.enterBulk();
    try {
      return await this.readHere();
    } finally {
      this.host.database.leaveBulk();
    }
  }

  /** Reads $all in this thread from the shadows' checkpoints until they have caught up and are swapped in. */
  private async readHere(): Promise<JobProgress> {
    const targets = [...this.shadows.values()];
    const plan = readPlanOf(targets.map((target) => target.definition));
    const pending = new PendingBatch(this.host.database, targets, { stream: this.host.exclusive });
    try {
      for (;;) {
        // A cancelled job keeps what it read: the next start resumes from the shadows' checkpoints.
        if (this.cancelled) return this.finish('cancelled', pending);
        const step = await readStep(this.host.source, this.reached, this.host.batchSize, plan);
        if (this.cancelled) return this.finish('cancelled', pending);
        this.head = step.head;
        const failure = pending.handle(projectEvents(step.events), step.reached).failures.values().next().value;
        if (failure) {
          pending.discard();
          this.error = { code: failure.code, message: failure.message, eventId: failure.eventId, position: failure.position.toString() };
          return this.finish('failed');
        }
        this.reached = step.reached;
        if (step.caughtUp || pending.isDue(this.host.commitPolicy)) pending.commit();
        // Built: the write-only collections get their key indexes (a no-op once they have them), here, before
        // the swap; in a worker thread when the worker built them.
        if (step.caughtUp) for (const target of targets) target.table.indexKeys();
        if (step.caughtUp && this.host.tryPromote(this, this.reached)) {
          await this.host.dropRetiredTables();
          return this.finish('completed');
        }
        // Beside a live service, let its event loop turn between reads: a read and its handlers resolve in
        // microtasks only, so a job reading in this thread would otherwise hold every request until it ended.
        if (!this.host.exclusive) await eventLoopTurn();
      }
    } catch (error) {
      pending.discard();
      return this.fail(error);
    }
  }

  /** How far the workers have read (all of them): what progress() reports during that phase. */
  private noteWorkerProgress(position: bigint): void {
    if (position > this.reached) this.reached = position;
  }

  private fail(error: unknown): JobProgress {
    this.error = {
      code: (error as { code?: string }).code ?? 'REBUILD_FAILED',
      message: error instanceof Error ? error.message : String(error),
    };
    return this.finish('failed');
  }

  private finish(state: JobState, pending?: PendingBatch): JobProgress {
    if (pending && pending.events > 0) pending.commit();
    this.state = state;
    this.finishedAt = new Date();
    return this.progress();
  }
}
