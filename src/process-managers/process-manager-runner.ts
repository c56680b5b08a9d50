import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { CheckpointStore } from './checkpoint-store';
import { dispatch, silentLog, type ProcessManagerLog } from './dispatch';
import type { ProcessManager } from './process-manager';

export type RunnerState = 'stopped' | 'catching-up' | 'live' | 'failed';

export interface RunnerStatus {
  state: RunnerState;
  /** Position of the last event whose effects are done and saved. */
  checkpoint: bigint;
  /** Events handed to at least one process manager since start. */
  handled: number;
  /** Domain refusals logged and skipped since start. */
  skipped: number;
  /** Why the runner stopped, when it failed. */
  error?: string;
}

export interface ProcessManagerRunnerOptions {
  store: EventStore;
  managers: readonly ProcessManager[];
  /** Where the checkpoint is kept: the read side's database handle (READ_DB) or a SQLite file path. */
  checkpoints: Database.Database | string;
  /** Row name of the checkpoint (one per runner). */
  name?: string;
  batchSize?: number;
  log?: ProcessManagerLog;
}

const DEFAULT_BATCH_SIZE = 500;
/** Longest stretch of a batch's work before the event loop is let turn. */
const YIELD_AFTER_MS = 20;

/**
 * Drives the process managers from the durable `$all` subscription: from the saved checkpoint, each batch's
 * events go to every interested manager in order, then the checkpoint is saved. After a crash the last batch is
 * read again, which is harmless because every effect appends with a natural key from its causing event. A domain
 * refusal is logged and skipped; any other error stops the runner, visibly (status `failed` with the error).
 */
export class ProcessManagerRunner {
  private readonly checkpoints: CheckpointStore;
  private readonly name: string;
  private readonly batchSize: number;
  private readonly log: ProcessManagerLog;
  private readonly eventTypes: string[];
  private subscription: Subscription | null = null;
  private state: RunnerState = 'stopped';
  private checkpoint: bigint;
  private handled = 0;
  private skipped = 0;
  private error: Error | undefined;

  constructor(private readonly options: ProcessManagerRunnerOptions) {
    this.checkpoints = CheckpointStore.open(options.checkpoints);
    this.name = options.name ?? 'process-managers';
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.log = options.log ?? silentLog;
    this.eventTypes = [...new Set(options.managers.flatMap((m) => m.eventTypes))];
    this.checkpoint = this.checkpoints.read(this.name);
  }

  status(): RunnerStatus {
    const live = this.state === 'catching-up' && this.subscription?.isLive ? 'live' : this.state;
    return {
      state: live,
      checkpoint: this.checkpoint,
      handled: this.handled,
      skipped: this.skipped,
      ...(this.error ? { error: this.error.message } : {}),
    };
  }

  /** Follows `$all` from the saved checkpoint until stopped (or until an error stops it). Returns at once. */
  start(): void {
    if (this.subscription) return;
    this.error = undefined;
    this.state = 'catching-up';
    this.subscription = this.options.store.subscribeToAll({
      after: this.checkpoint,
      filter: { eventTypes: this.eventTypes },
      batchSize: this.batchSize,
      onEvents: (events) => this.process(events),
    });
    this.subscription.done.then(
      () => {
        if (this.state !== 'failed') this.state = 'stopped';
      },
      (error: unknown) => this.fail(error),
    );
  }

  /** Resolves when the subscription ends: after stop(), or with the error that stopped it. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    await subscription?.stop();
    if (this.state !== 'failed') this.state = 'stopped';
    this.subscription = null;
  }

  /** Stops and releases the checkpoint database when this runner opened it. */
  async close(): Promise<void> {
    await this.stop();
    this.checkpoints.close();
  }

  /**
   * Processes everything up to the current head without subscribing (a one-off catch-up, e.g. from the CLI or
   * in a test), saving the checkpoint per batch. Throws what would have stopped the runner.
   */
  async catchUp(): Promise<RunnerStatus> {
    if (this.subscription) throw new Error('the runner is following $all already');
    this.state = 'catching-up';
    try {
      for (;;) {
        const events = await this.options.store.readAll({
          after: this.checkpoint,
          maxCount: this.batchSize,
          filter: { eventTypes: this.eventTypes },
        });
        if (events.length === 0) break;
        await this.process(events);
      }
      this.state = 'stopped';
      return this.status();
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** Moves the saved checkpoint (e.g. back to 0 to replay every effect, which finds them all done already). */
  resetCheckpoint(position: bigint): void {
    if (this.subscription) throw new Error('stop the runner before moving its checkpoint');
    this.checkpoint = position;
    this.checkpoints.write(this.name, position);
  }

  private async process(events: RecordedEvent[]): Promise<void> {
    let since = performance.now();
    for (const event of events) {
      const outcome = await dispatch(this.options.managers, event, this.options.store, this.log);
      this.handled += 1;
      this.skipped += outcome.skipped;
      // A refused or already-done effect resolves in microtasks only: over a backlog, a batch would otherwise
      // hold the service's event loop (its requests, its other subscriptions) for as long as it takes.
      if (performance.now() - since >= YIELD_AFTER_MS) {
        await eventLoopTurn();
        since = performance.now();
      }
    }
    const last = events[events.length - 1]!.position;
    this.checkpoints.write(this.name, last);
    this.checkpoint = last;
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.error = error instanceof Error ? error : new Error(String(error));
    this.log.error({ err: this.error, checkpoint: this.checkpoint.toString() }, `process managers stopped: ${this.error.message}`);
  }
}
