import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.port';
import { type BatchOutcome, BatchTransaction } from './batch-transaction';
import type { CommitThread } from './commit-thread';
import type { EventStatements } from './event-statements';
import type { ValidAppend } from './validate-append';

interface QueuedAppend {
  append: ValidAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** Batches the commit worker may hold at once: one committing, the next one waiting behind it. */
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * From this many queued appends on, an idle pipeline gets them as two batches rather than one: see below.
 * Below it, the appends of one turn of the event loop share one transaction.
 */
const SPLIT_FROM = 16;

/**
 * Group commit: appends queue up and are written together in one IMMEDIATE transaction, one fsync, per turn
 * of the event loop (batch-transaction.ts). Each append is resolved with its own result or rejected with
 * its own error (write-append.ts: a rejected append writes nothing); promises settle only after COMMIT has
 * returned, i.e. once the batch is durable (synchronous=FULL).
 *
 * better-sqlite3's COMMIT blocks its thread while the disk syncs, so under load the transactions run in a
 * commit worker (commit-thread.ts), on its own connection, and the main thread validates, serialises
 * and queues the next batch meanwhile. Two batches are in the pipeline at most: one committing, one
 * waiting. Writers that each wait for their append would otherwise move in step, all waiting on one
 * batch, and leave the main thread idle while it commits; so when the pipeline is empty and many appends
 * are queued, they go as two batches, and from then on each half refills while the other commits.
 *
 * A lone append with nothing in the pipeline (one writer, or a quiet service) commits on the main thread's
 * own connection, as a worker round trip would cost it more than it saves. That never overlaps a worker
 * batch, so the two connections take turns and never wait for each other's lock.
 */
export class GroupCommit {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushes = 0;
  private readonly transaction: BatchTransaction;
  private readonly flushSoon = (): void => {
    this.scheduled = undefined;
    this.flush();
  };
  /** Called when the worker has answered a batch; set by settle(). */
  private onAnswered: (() => void) | undefined;

  constructor(
    db: Database.Database,
    sql: EventStatements,
    private readonly now: () => Date,
    private readonly onCommitted: (head: bigint) => void,
    cachedStreamHeads: number,
    /** Undefined: every transaction runs on the main thread (an in-memory database has no file to share). */
    private readonly thread: CommitThread | undefined,
    private readonly maxAppendsPerFlush = 5_000,
  ) {
    this.transaction = new BatchTransaction(db, sql, cachedStreamHeads);
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
      this.scheduled ??= setImmediate(this.flushSoon);
    });
  }

  /** Resolves once nothing is queued and no batch is in the worker (used by close). */
  async settle(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight() > 0) {
      if (this.inFlight() === 0) {
        this.flushAll();
        continue;
      }
      await new Promise<void>((resolve) => (this.onAnswered = resolve));
    }
  }

  /** Writes everything queued now, synchronously, on the main thread; only with no batch in the worker. */
  flushAll(): void {
    if (this.inFlight() > 0) throw new Error('flushAll with batches in the commit worker');
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    while (this.queue.length > 0) this.commitHere(this.take(this.queue.length));
  }

  /** Stops the commit worker; call once settled. */
  async close(): Promise<void> {
    await this.thread?.close();
  }

  private flush(): void {
    const thread = this.thread;
    if (!thread || (thread.inFlight === 0 && this.queue.length === 1)) {
      this.commitHere(this.take(this.queue.length));
      if (this.queue.length > 0) this.scheduled ??= setImmediate(this.flushSoon);
      return;
    }
    if (thread.inFlight === 0 && this.queue.length >= SPLIT_FROM) this.commitThere(thread, this.take(Math.ceil(this.queue.length / 2)));
    while (this.queue.length > 0 && thread.inFlight < MAX_BATCHES_IN_FLIGHT) this.commitThere(thread, this.take(this.queue.length));
    // Whatever is left waits for a batch to come back (see committedThere).
  }

  private take(count: number): QueuedAppend[] {
    const size = Math.min(count, this.maxAppendsPerFlush);
    if (size === this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      return batch;
    }
    return this.queue.splice(0, size);
  }

  private commitHere(batch: QueuedAppend[]): void {
    if (batch.length === 0) return;
    let outcome: BatchOutcome;
    try {
      outcome = this.transaction.run(
        batch.map((item) => item.append),
        this.now().toISOString(),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.settleBatch(batch, outcome);
  }

  private commitThere(thread: CommitThread, batch: QueuedAppend[]): void {
    thread.commit(
      batch.map((item) => item.append),
      this.now().toISOString(),
    ).then(
      (outcome) => {
        this.settleBatch(batch, outcome);
        this.committedThere();
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
        this.committedThere();
      },
    );
  }

  private committedThere(): void {
    if (this.queue.length > 0) this.scheduled ??= setImmediate(this.flushSoon);
    const onAnswered = this.onAnswered;
    this.onAnswered = undefined;
    onAnswered?.();
  }

  private settleBatch(batch: QueuedAppend[], outcome: BatchOutcome): void {
    this.flushes += 1;
    for (let i = 0; i < batch.length; i++) {
      const result = outcome.results[i];
      if (result !== undefined) batch[i]!.resolve(result);
      else batch[i]!.reject(outcome.errors[i]);
    }
    if (outcome.committedHead !== undefined) this.onCommitted(outcome.committedHead);
  }

  private inFlight(): number {
    return this.thread?.inFlight ?? 0;
  }
}
