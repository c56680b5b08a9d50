import type Database from 'better-sqlite3';
import type { AllFilter } from '../event-store.port';
import { EVENT_COLUMNS, EVENT_COLUMNS_WITHOUT_DATA, type EventRow } from './event-row';

export interface StoredEventRef {
  streamId: string;
  revision: bigint;
  position: bigint;
}

export interface StreamHead {
  revision: bigint;
  hash: string;
}

/** No LIMIT in SQLite is spelled LIMIT -1. */
export const NO_LIMIT = -1;

/**
 * Every statement the store runs, prepared once. Integers come back as bigint (`safeIntegers`) so revisions
 * and positions never pass through a lossy number.
 */
export class EventStatements {
  private readonly findEventStmt: Database.Statement<[string], [string, bigint, bigint]>;
  private readonly streamHeadStmt: Database.Statement<[string], [bigint, string]>;
  private readonly headPositionStmt: Database.Statement<[], [bigint | null]>;
  private readonly lastRecordedAtStmt: Database.Statement<[], [string]>;
  private readonly dataVersionStmt: Database.Statement<[], [bigint]>;
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly allStatements = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.findEventStmt = raw(db.prepare<[string], [string, bigint, bigint]>('SELECT stream_id, revision, position FROM events WHERE event_id = ?'));
    this.streamHeadStmt = raw(
      db.prepare<[string], [bigint, string]>('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
    );
    this.headPositionStmt = raw(db.prepare<[], [bigint | null]>('SELECT max(position) FROM events'));
    this.lastRecordedAtStmt = raw(db.prepare<[], [string]>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1'));
    this.dataVersionStmt = raw(db.prepare<[], [bigint]>('PRAGMA data_version'));
    this.insertStmt = db.prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  findEvent(eventId: string): StoredEventRef | undefined {
    const row = this.findEventStmt.get(eventId);
    return row && { streamId: row[0], revision: row[1], position: row[2] };
  }

  streamHead(streamId: string): StreamHead | undefined {
    const row = this.streamHeadStmt.get(streamId);
    return row && { revision: row[0], hash: row[1] };
  }

  headPosition(): bigint {
    return this.headPositionStmt.get()?.[0] ?? 0n;
  }

  lastRecordedAt(): string | undefined {
    return this.lastRecordedAtStmt.get()?.[0];
  }

  /**
   * Changes whenever another connection (another process, or another store on the same file) has
   * committed since this connection last looked; never for this connection's own commits.
   */
  dataVersion(): bigint {
    return this.dataVersionStmt.get()![0];
  }

  /** Positional rather than a row object: this runs once per event inside the write lock. */
  insert(
    position: bigint,
    streamId: string,
    revision: bigint,
    event: { eventId: string; type: string; dataJson: string; metadataJson: string },
    recordedAt: string,
    hash: string,
  ): void {
    this.insertStmt.run(position, streamId, revision, event.eventId, event.type, event.dataJson, event.metadataJson, recordedAt, hash);
  }

  /**
   * $all reads walk the primary key in position order and filter as they go: a subscriber reads small
   * batches from a checkpoint, which a position-ordered scan serves without sorting anything.
   * One statement is prepared per filter shape (number of types, number of prefixes) and reused.
   * Types and prefixes combine with AND; within each list, any entry matches. An empty or absent list
   * does not filter.
   */
  readAll(after: bigint, maxCount: number | undefined, filter: AllFilter | undefined, withData = true): EventRow[] {
    const types = filter?.eventTypes ?? [];
    const prefixes = filter?.streamPrefixes ?? [];
    const params: unknown[] = [after];
    params.push(...types);
    for (const prefix of prefixes) params.push(prefix.length, prefix);
    params.push(maxCount ?? NO_LIMIT);
    return this.allStatement(types.length, prefixes.length, withData).all(...params);
  }

  private allStatement(typeCount: number, prefixCount: number, withData: boolean): Database.Statement<unknown[], EventRow> {
    const key = `${typeCount}/${prefixCount}/${withData ? 'data' : 'no-data'}`;
    let stmt = this.allStatements.get(key);
    if (!stmt) {
      const where = ['position > ?'];
      if (typeCount > 0) where.push(`type IN (${Array.from({ length: typeCount }, () => '?').join(', ')})`);
      // substr rather than LIKE: LIKE is case-insensitive and treats % and _ in a prefix as wildcards.
      if (prefixCount > 0) {
        where.push(`(${Array.from({ length: prefixCount }, () => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`);
      }
      stmt = raw(
        this.db.prepare<unknown[], EventRow>(
          `SELECT ${withData ? EVENT_COLUMNS : EVENT_COLUMNS_WITHOUT_DATA} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`,
        ),
      );
      this.allStatements.set(key, stmt);
    }
    return stmt;
  }
}

/** Rows as arrays (no per-row key objects to build) and integers as bigint. */
export function raw<S extends Database.Statement<never[], unknown>>(stmt: S): S {
  return stmt.raw(true).safeIntegers(true);
}
