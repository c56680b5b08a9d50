import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.port';
import type { EventStatements } from './event-statements';
import type { ValidAppend } from './validate-append';
import { writeAppend } from './write-append';

interface QueuedAppend {
  append: ValidAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * Group commit: appends queue up and are written together in one IMMEDIATE transaction, one fsync, per turn
 * of the event loop. While a flush is fsyncing, the loop is blocked, so the writers that wake up after it
 * have all enqueued by the time the next flush runs: under load, batches grow by themselves.
 *
 * Each append runs inside its own savepoint and is resolved with its own result or its own error; promises
 * settle only after COMMIT has returned, i.e. once the batch is durable (synchronous=FULL).
 */
export class GroupCommit {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushes = 0;
  private readonly runBatch: (batch: QueuedAppend[]) => { outcomes: Outcome[]; head: bigint };

  constructor(
    db: Database.Database,
    sql: EventStatements,
    private readonly now: () => Date,
    private readonly onCommitted: (head: bigint) => void,
    private readonly maxAppendsPerFlush = 5_000,
  ) {
    // better-sqlite3 turns a transaction function called inside another into a SAVEPOINT.
    const appendInSavepoint = db.transaction((append: ValidAppend, recordedAt: string) =>
      writeAppend(sql, append, recordedAt),
    );
    this.runBatch = db.transaction((batch: QueuedAppend[]) => {
      const recordedAt = this.recordedAt(sql.lastRecordedAt());
      const outcomes = batch.map((item): Outcome => {
        try {
          return { ok: true, result: appendInSavepoint(item.append, recordedAt) };
        } catch (error) {
          // Some SQLite errors (disk full, I/O) roll back the whole transaction, not just the savepoint;
          // carrying on would autocommit the next appends one by one, so the batch fails as a whole.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      });
      return { outcomes, head: sql.headPosition() };
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
      this.queue.push({ append, resolve, reject });
      this.scheduled ??= setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
      });
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
    if (this.queue.length > 0) {
      this.scheduled ??= setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
      });
    }
  }

  private flushOnce(): void {
    const batch = this.queue.splice(0, this.maxAppendsPerFlush);
    if (batch.length === 0) return;
    let committed: { outcomes: Outcome[]; head: bigint };
    try {
      committed = this.runBatch(batch);
    } catch (error) {
      // BEGIN or COMMIT itself failed (busy beyond the timeout, disk full): nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    this.flushes += 1;
    let wroteSomething = false;
    committed.outcomes.forEach((outcome, i) => {
      const item = batch[i]!;
      if (outcome.ok) {
        wroteSomething ||= !outcome.result.duplicate;
        item.resolve(outcome.result);
      } else {
        item.reject(outcome.error);
      }
    });
    if (wroteSomething) this.onCommitted(committed.head);
  }

  /** recordedAt never goes backwards along positions, even if the clock does, so "as of T" is a prefix of $all. */
  private recordedAt(previous: string | undefined): string {
    const now = this.now().toISOString();
    return previous !== undefined && previous > now ? previous : now;
  }
}
