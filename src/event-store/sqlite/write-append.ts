import Database from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { GENESIS_HASH, hashFromTemplate } from '../hash-chain';
import type { EventStatements, StoredEventRef, StreamHead } from './event-statements';
import type { ValidAppend } from './validate-append';
import type { WriterState } from './writer-state';

/**
 * Writes one append inside the current write transaction (which already holds the rows of earlier appends
 * of the same group commit), or throws without having written any of its rows, so a rejected append
 * leaves its neighbours unaffected.
 *
 * The usual append (new ids, the expected revision right) takes the short way: its stream's head comes
 * from the writer state, its rows are inserted straight away, and the UNIQUE constraint on event_id is
 * what notices a stored id. An append of one event is one INSERT, which SQLite applies whole or not at
 * all; a longer one runs in a savepoint. Every other case (an expected revision not met, a stored id:
 * a replay or a misuse) is then checked the long way, against the file, before anything is written.
 */
export class AppendWriter {
  private readonly inSavepoint: (insert: () => void) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: EventStatements,
    private readonly state: WriterState,
  ) {
    // better-sqlite3 turns a transaction function called inside another into a SAVEPOINT.
    this.inSavepoint = db.transaction((insert: () => void) => insert());
  }

  write(append: ValidAppend, recordedAt: string): AppendResult {
    const head = this.state.streamHead(append.streamId);
    if (!satisfies(append.expected, head === null ? null : head.revision)) return this.writeChecked(append, recordedAt);
    const position = this.state.headPosition;
    try {
      this.insertAll(append, head, position, recordedAt);
    } catch (error) {
      if (!isConstraintViolation(error) || !this.db.inTransaction) throw error;
      // Nothing of this append was written. Usually a stored id; the long way tells a replay from a misuse.
      this.state.forgetStream(append.streamId);
      return this.writeChecked(append, recordedAt);
    }
    const count = BigInt(append.events.length);
    return {
      streamId: append.streamId,
      revision: (head === null ? -1n : head.revision) + count,
      position: position + count,
      eventIds: append.eventIds,
      duplicate: false,
    };
  }

  /**
   * An append of one event written on its own, outside any transaction: one INSERT that SQLite commits
   * by itself (durable on return, synchronous=FULL), so a lone writer pays for no BEGIN, no COMMIT and no
   * data_version check. Safe without that check because positions are gap-free: any commit by another
   * connection since this one last wrote has taken position head + 1, so the INSERT at head + 1 fails on
   * the primary key instead of chaining to a stale head. Returns undefined, having written nothing, when
   * the append must go the way of a transaction: the writer state is not loaded, the cached head does not
   * meet the expected revision, or the INSERT hit a constraint (another writer, a stored id).
   */
  writeAlone(append: ValidAppend, clock: (previous: string | undefined) => string): AppendResult | undefined {
    if (append.events.length !== 1 || !this.state.loaded) return undefined;
    const head = this.state.streamHead(append.streamId);
    if (!satisfies(append.expected, head === null ? null : head.revision)) return undefined;
    const position = this.state.headPosition;
    const recordedAt = clock(this.state.lastRecordedAt);
    try {
      this.insertRows(append, head, position, recordedAt);
    } catch (error) {
      this.state.forget();
      if (isConstraintViolation(error)) return undefined;
      throw error;
    }
    this.state.lastRecordedAt = recordedAt;
    return {
      streamId: append.streamId,
      revision: (head === null ? -1n : head.revision) + 1n,
      position: position + 1n,
      eventIds: append.eventIds,
      duplicate: false,
    };
  }

  /** The long way: every check against the file before the first insert. */
  private writeChecked(append: ValidAppend, recordedAt: string): AppendResult {
    const { streamId, eventIds } = append;
    const replay = findReplay(this.sql, append);
    if (replay) return replay;

    const head = this.sql.streamHead(streamId) ?? null;
    const actual = head === null ? null : head.revision;
    if (!satisfies(append.expected, actual)) {
      throw new ConcurrencyError(streamId, append.expected, actual);
    }
    const position = this.sql.headPosition();
    this.insertAll(append, head, position, recordedAt);
    const count = BigInt(append.events.length);
    return { streamId, revision: (actual ?? -1n) + count, position: position + count, eventIds, duplicate: false };
  }

  /** Inserts the rows after `head` and `position`; all of them or (throwing) none. */
  private insertAll(append: ValidAppend, head: StreamHead | null, position: bigint, recordedAt: string): void {
    if (append.events.length === 1) {
      this.insertRows(append, head, position, recordedAt);
    } else {
      this.inSavepoint(() => this.insertRows(append, head, position, recordedAt));
    }
  }

  private insertRows(append: ValidAppend, head: StreamHead | null, position: bigint, recordedAt: string): void {
    const { streamId, events } = append;
    let revision = head === null ? -1n : head.revision;
    let previousHash = head === null ? GENESIS_HASH : head.hash;
    for (const event of events) {
      revision += 1n;
      position += 1n;
      const hash = hashFromTemplate(event.hashTemplate, recordedAt, previousHash);
      this.sql.insert(position, streamId, revision, event, recordedAt, hash);
      previousHash = hash;
    }
    // Only once every row is in: a failure part way leaves the state as it was.
    this.state.appended(streamId, revision, previousHash, position);
  }
}

function isConstraintViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * An append whose first id is stored is either an exact replay (same stream, same ids, consecutive
 * revisions) answered with the original result whatever the expected revision, or a misuse of ids.
 * An append whose first id is new must not reuse any stored id.
 */
function findReplay(sql: EventStatements, append: ValidAppend): AppendResult | undefined {
  const { streamId, eventIds } = append;
  const first = sql.findEvent(eventIds[0]!);
  if (!first) {
    const reused = eventIds.filter((id) => sql.findEvent(id) !== undefined);
    if (reused.length > 0) {
      throw new DuplicateEventIdError(streamId, reused, `event ids already stored: ${reused.join(', ')}`);
    }
    return undefined;
  }
  let last: StoredEventRef = first;
  for (let i = 0; i < eventIds.length; i++) {
    const stored = i === 0 ? first : sql.findEvent(eventIds[i]!);
    if (!stored || stored.streamId !== streamId || stored.revision !== first.revision + BigInt(i)) {
      throw new DuplicateEventIdError(
        streamId,
        eventIds,
        `not an exact replay: event ${eventIds[i]} is ${describe(stored)}, expected ${streamId}@${first.revision + BigInt(i)}`,
      );
    }
    last = stored;
  }
  return { streamId, revision: last.revision, position: last.position, eventIds, duplicate: true };
}

function describe(stored: StoredEventRef | undefined): string {
  return stored ? `stored at ${stored.streamId}@${stored.revision}` : 'not stored';
}

function satisfies(expected: ExpectedRevision, actual: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}
