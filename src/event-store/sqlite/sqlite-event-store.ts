import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { startCatchUpSubscription } from '../catch-up-subscription';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { decodeRow, decodeRows, decodeRowsWithoutData } from './event-row';
import { EventStatements } from './event-statements';
import { GroupCommit } from './group-commit';
import { StreamReads } from './stream-reads';
import { applySchema } from './schema';
import { validateAppend } from './validate-append';

export interface SqliteEventStoreOptions {
  /** How long a write waits for another process's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Poll interval of live subscriptions, which is how they see appends made by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /**
   * Streams whose last revision and hash are kept in memory for the next append (see writer-state.ts).
   * Default 100000; 0 keeps none, and every append reads its stream's head from the file.
   */
  cachedStreamHeads?: number;
  /** Source of `recordedAt`; injectable so tests can make the clock go backwards. */
  clock?: () => Date;
  /**
   * Milliseconds of a monotonic clock (default `performance.now`): how group commit tells how long it has
   * held the event loop (see group-commit.ts); injectable so tests can make commits look slow.
   */
  monotonicClock?: () => number;
  /**
   * Reads of streams by id (readStream, readStreams: entity histories, aggregate state, explanations) go
   * through a second, read-only connection that memory-maps up to this many bytes of the file, opened on the
   * first such read: no read system call and no page copy per B-tree page, which is most of what a read of
   * rows scattered over the file costs. $all reads (catch-up, rebuilds, verify) stay on the main connection
   * and its small page cache, so a full scan does not map the whole file into the process. The OS counts the
   * mapped pages a process touched in its RSS; they are the file's page cache, shared and reclaimable.
   * Default DEFAULT_STREAM_READ_MAP_BYTES; 0 reads streams on the main connection, without a map.
   */
  streamReadMapBytes?: number;
}

/** 1 GiB: the whole file of a million-event ledger (~760 MB); beyond it, pages are read the usual way. */
export const DEFAULT_STREAM_READ_MAP_BYTES = 1024 * 1024 * 1024;

/** Thrown by every call on a store after `close()`. */
export class EventStoreClosedError extends Error {
  readonly code = 'EVENT_STORE_CLOSED';
  constructor() {
    super('the event store is closed');
    this.name = 'EventStoreClosedError';
  }
}

type AppendListener = (head: bigint) => void;

const MAX_SQLITE_INTEGER = 2n ** 63n - 1n;
/** Stream ids bound in one readStreams statement (SQLite allows 32,766 parameters). */
const STREAMS_PER_READ = 256;

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an append is acknowledged
 * only once it is on disk. Appends go through a group commit (see group-commit.ts); reads run directly on
 * the same connection, which sees every acknowledged append.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly sql: EventStatements;
  /** Opened on the first stream read (see streamReadMapBytes); worker threads that only read $all never open it. */
  private streamReadConnection: { db: Database.Database | undefined; reads: StreamReads } | undefined;
  private readonly groupCommit: GroupCommit;
  private readonly listeners = new Set<AppendListener>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.sql = new EventStatements(db);
    this.groupCommit = new GroupCommit(
      db,
      this.sql,
      options.clock ?? (() => new Date()),
      (head) => this.notifyAppended(head),
      options.cachedStreamHeads ?? 100_000,
      options.monotonicClock,
    );
  }

  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const cachedStreamHeads = nonNegativeInteger('cachedStreamHeads', options.cachedStreamHeads, 100_000);
    const streamReadMapBytes = nonNegativeInteger('streamReadMapBytes', options.streamReadMapBytes, DEFAULT_STREAM_READ_MAP_BYTES);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      applySchema(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, path, { ...options, cachedStreamHeads, streamReadMapBytes });
  }

  /** Write transactions committed by this instance: fewer than appends whenever group commit batched some. */
  get flushCount(): number {
    return this.groupCommit.flushCount;
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      this.assertOpen();
      return this.groupCommit.enqueue(validateAppend(streamId, events, expected));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = limit(options.maxCount);
    if (maxCount === 0) return [];
    if (options.direction === 'backwards') {
      const from = options.fromRevision ?? MAX_SQLITE_INTEGER;
      return decodeRows(this.streamReads().backwards(streamId, from, maxCount));
    }
    return decodeRows(this.streamReads().forwards(streamId, options.fromRevision ?? 0n, maxCount));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    this.assertOpen();
    const found = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    const unique = [...found.keys()];
    // One statement per chunk: the stream index is probed once per id, every row decoded here.
    const reads = this.streamReads();
    for (let i = 0; i < unique.length; i += STREAMS_PER_READ) {
      for (const row of reads.streams(unique.slice(i, i + STREAMS_PER_READ))) found.get(row[1])!.push(decodeRow(row));
    }
    return found;
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    this.assertOpen();
    return this.sql.streamHead(streamId)?.revision ?? null;
  }

  async eventRevision(streamId: string, eventId: string): Promise<bigint | null> {
    this.assertOpen();
    // On the stream-read connection: its memory map spares a read system call per index page.
    const stored = this.streamReads().findEvent(eventId);
    return stored?.streamId === streamId ? stored.revision : null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = limit(options.maxCount);
    if (maxCount === 0) return [];
    const withData = options.withData ?? true;
    const rows = this.sql.readAll(options.after ?? 0n, maxCount, options.filter, withData);
    return withData ? decodeRows(rows) : decodeRowsWithoutData(rows);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.sql.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(this, {
      ...options,
      pollIntervalMs: this.options.pollIntervalMs,
      wakeUp: (listener) => this.onAppended(() => listener()),
    });
    this.subscriptions.add(subscription);
    void subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  /**
   * Calls `listener` with the new head after every commit by this instance that stored events;
   * returns the unsubscribe function. In-process subscribers wake on it instead of polling.
   */
  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stops the subscriptions (each finishes the batch it is delivering), writes the appends still queued,
   * then closes the file. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      this.groupCommit.flushAll();
      this.closed = true;
      this.listeners.clear();
      this.streamReadConnection?.db?.close();
      this.db.close();
    })();
    return this.closing;
  }

  private notifyAppended(head: bigint): void {
    for (const listener of this.listeners) {
      try {
        listener(head);
      } catch {
        // A listener's failure is its own business; the append is already durable.
      }
    }
  }

  /**
   * The connection stream reads use. A second connection sees every append this one acknowledged: each read
   * starts its own read transaction after the COMMIT that the append's promise waited for.
   */
  private streamReads(): StreamReads {
    if (!this.streamReadConnection) {
      const bytes = this.options.streamReadMapBytes ?? 0;
      if (bytes === 0 || this.path === ':memory:' || this.path === '') {
        this.streamReadConnection = { db: undefined, reads: new StreamReads(this.db) };
      } else {
        const db = new Database(this.path, { readonly: true, fileMustExist: true, timeout: this.options.busyTimeoutMs ?? 5_000 });
        try {
          db.pragma(`mmap_size = ${bytes}`);
          this.streamReadConnection = { db, reads: new StreamReads(db) };
        } catch (error) {
          db.close();
          throw error;
        }
      }
    }
    return this.streamReadConnection.reads;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function limit(maxCount: number | undefined): number | undefined {
  if (maxCount === undefined || maxCount === Infinity) return undefined;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}
