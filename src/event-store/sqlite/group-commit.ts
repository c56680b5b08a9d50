import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.port';
import type { EventStatements } from './event-statements';
import type { ValidAppend } from './validate-append';
import { AppendWriter } from './write-append';
import { WriterState } from './writer-state';

interface QueuedAppend {
  append: ValidAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
  /** Set by the flush: the append's own result, or its own error. */
  result: AppendResult | undefined;
  error: unknown;
}

/** Microtask hops after a commit during which a resolved writer's next append is flushed at once. */
const FOLLOW_UP_HOPS = 8;
/** Commits in a row made that way before one waits for a turn of the event loop. */
const MAX_FLUSHES_WITHOUT_A_TURN = 32;
/**
 * Nor once this long has passed since the loop last turned: 32 commits of 64 writers' appends take ~130 ms
 * here (a stall for every timer and request), 32 of one writer's take 3–8 ms.
 */
export const FOLLOW_UP_BUDGET_MS = 5;

/**
 * Group commit: appends queue up and are written together in one IMMEDIATE transaction, one fsync, per turn
 * of the event loop. While a flush is fsyncing, the loop is blocked, so the writers that wake up after it
 * have all enqueued by the time the next flush runs: under load, batches grow by themselves.
 *
 * Each append is resolved with its own result or rejected with its own error (see write-append.ts: a
 * rejected append writes nothing); promises settle only after COMMIT has returned, i.e. once the batch
 * is durable (synchronous=FULL). A flush that holds a single one-event append (a lone writer) skips the
 * transaction: its one INSERT autocommits (AppendWriter.writeAlone), or it takes the transaction after all.
 */
export class GroupCommit {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushes = 0;
  private readonly state: WriterState;
  private readonly runBatch: (batch: QueuedAppend[]) => boolean;
  private readonly writer: AppendWriter;
  private readonly clock = (previous: string | undefined): string => this.recordedAt(previous);
  /** Commits since the event loop last turned (see followUps), and when it did (monotonic ms). */
  private flushesWithoutTurn = 0;
  private turnedAt = 0;
  private readonly flushSoon = (): void => {
    this.scheduled = undefined;
    this.flushesWithoutTurn = 0;
    this.turnedAt = this.monotonicMs();
    this.flush();
  };

  constructor(
    db: Database.Database,
    sql: EventStatements,
    private readonly now: () => Date,
    private readonly onCommitted: (head: bigint) => void,
    cachedStreamHeads: number,
    /** Milliseconds from any fixed point (performance.now); injectable so tests can make commits slow. */
    private readonly monotonicMs: () => number = () => performance.now(),
    private readonly maxAppendsPerFlush = 5_000,
  ) {
    const state = (this.state = new WriterState(sql, cachedStreamHeads));
    const writer = (this.writer = new AppendWriter(db, sql, state));
    this.runBatch = db.transaction((batch: QueuedAppend[]): boolean => {
      state.begin();
      const recordedAt = this.recordedAt(state.lastRecordedAt);
      const headBefore = state.headPosition;
      for (const item of batch) {
        try {
          item.result = writer.write(item.append, recordedAt);
        } catch (error) {
          // Some SQLite errors (disk full, I/O) roll back the whole transaction, not just a statement;
          // carrying on would autocommit the next appends one by one, so the batch fails as a whole.
          if (!db.inTransaction) throw error;
          item.error = error;
        }
      }
      const wroteSomething = state.headPosition !== headBefore;
      if (wroteSomething) state.lastRecordedAt = recordedAt;
      return wroteSomething;
    }).immediate;
  }

  /** Write transactions committed so far; a test compares it with the number of appends. */
  get flushCount(): number {
    return this.flushes;
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(append: ValidAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject, result: undefined, error: undefined });
      this.scheduled ??= setImmediate(this.flushSoon);
    });
  }

  /** Writes everything queued now, synchronously (used by close). */
  flushAll(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    while (this.queue.length > 0) this.flushOnce();
  }

  private flush(): void {
    this.flushOnce();
    if (this.queue.length > 0) this.scheduled ??= setImmediate(this.flushSoon);
    else this.followUps();
  }

  /**
   * A writer that awaits each append makes its next one a few microtasks after the commit resolved it, and
   * would then wait a whole turn of the event loop (timers, a poll for I/O) for the setImmediate flush: on this
   * machine that turn costs as much as a tenth of the fsync. So for a few microtask hops after a commit, an
   * append that its continuation enqueued is flushed right there. Concurrent writers resolved by the same
   * commit all come back at the same depth, before the hop that looks, so they still share one commit; requests
   * arriving from the network come in I/O callbacks, after these hops, and batch at setImmediate as before.
   * At most MAX_FLUSHES_WITHOUT_A_TURN such commits in a row, and none once FOLLOW_UP_BUDGET_MS have passed
   * since the loop turned: then it turns, so timers and I/O run.
   */
  private followUps(): void {
    if (this.flushesWithoutTurn >= MAX_FLUSHES_WITHOUT_A_TURN) return;
    if (this.monotonicMs() - this.turnedAt >= FOLLOW_UP_BUDGET_MS) return;
    let hopsLeft = FOLLOW_UP_HOPS;
    const look = (): void => {
      if (this.queue.length === 0) {
        if (--hopsLeft > 0) queueMicrotask(look);
        return;
      }
      if (this.scheduled) {
        clearImmediate(this.scheduled);
        this.scheduled = undefined;
      }
      this.flushesWithoutTurn += 1;
      this.flush();
    };
    queueMicrotask(look);
  }

  private flushOnce(): void {
    let batch: QueuedAppend[];
    if (this.queue.length <= this.maxAppendsPerFlush) {
      batch = this.queue;
      this.queue = [];
    } else {
      batch = this.queue.splice(0, this.maxAppendsPerFlush);
    }
    if (batch.length === 0) return;
    if (batch.length === 1 && this.flushAlone(batch[0]!)) return;
    let wroteSomething: boolean;
    try {
      wroteSomething = this.runBatch(batch);
    } catch (error) {
      // BEGIN or COMMIT itself failed (busy beyond the timeout, disk full): nothing of the batch is stored,
      // and what the writer state learnt during the transaction is not true of the file.
      this.state.forget();
      for (const item of batch) item.reject(error);
      return;
    }
    this.flushes += 1;
    for (const item of batch) {
      if (item.result !== undefined) item.resolve(item.result);
      else item.reject(item.error);
    }
    if (wroteSomething) this.onCommitted(this.state.headPosition);
  }

  /** A lone one-event append, autocommitted (see AppendWriter.writeAlone); false when it needs a transaction. */
  private flushAlone(item: QueuedAppend): boolean {
    let result: AppendResult | undefined;
    try {
      result = this.writer.writeAlone(item.append, this.clock);
    } catch (error) {
      item.reject(error);
      return true;
    }
    if (result === undefined) return false;
    this.flushes += 1;
    item.resolve(result);
    this.onCommitted(this.state.headPosition);
    return true;
  }

  /** recordedAt never goes backwards along positions, even if the clock does, so "as of T" is a prefix of $all. */
  private recordedAt(previous: string | undefined): string {
    const now = this.now().toISOString();
    return previous !== undefined && previous > now ? previous : now;
  }
}
