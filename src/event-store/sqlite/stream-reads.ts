import type Database from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-row';
import { NO_LIMIT, raw } from './event-statements';

/**
 * The statements that read streams by id (an entity's history, an aggregate's state, an explanation's
 * sources), prepared once on whichever connection serves them (see SqliteEventStoreOptions.streamReadMapBytes).
 */
export class StreamReads {
  private readonly forwardsStmt: Database.Statement<[string, bigint, number], EventRow>;
  private readonly backwardsStmt: Database.Statement<[string, bigint, number], EventRow>;
  private readonly findEventStmt: Database.Statement<[string], [string, bigint]>;
  /** By number of ids, rounded up to a power of two (the list is padded by repeating an id). */
  private readonly streamsStatements = new Map<number, Database.Statement<string[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.forwardsStmt = raw(
      db.prepare<[string, bigint, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ),
    );
    this.backwardsStmt = raw(
      db.prepare<[string, bigint, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
    );
    this.findEventStmt = raw(db.prepare<[string], [string, bigint]>('SELECT stream_id, revision FROM events WHERE event_id = ?'));
  }

  /** Where an event id is stored (its stream and revision), if anywhere. */
  findEvent(eventId: string): { streamId: string; revision: bigint } | undefined {
    const row = this.findEventStmt.get(eventId);
    return row && { streamId: row[0], revision: row[1] };
  }

  forwards(streamId: string, fromRevision: bigint, maxCount: number | undefined): EventRow[] {
    return this.forwardsStmt.all(streamId, fromRevision, maxCount ?? NO_LIMIT);
  }

  backwards(streamId: string, fromRevision: bigint, maxCount: number | undefined): EventRow[] {
    return this.backwardsStmt.all(streamId, fromRevision, maxCount ?? NO_LIMIT);
  }

  /** Every event of the given streams (ids unique, at least one), by stream id then revision. */
  streams(streamIds: readonly string[]): EventRow[] {
    let size = 1;
    while (size < streamIds.length) size *= 2;
    let stmt = this.streamsStatements.get(size);
    if (!stmt) {
      const list = Array.from({ length: size }, () => '?').join(', ');
      stmt = raw(this.db.prepare<string[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id IN (${list}) ORDER BY stream_id, revision`));
      this.streamsStatements.set(size, stmt);
    }
    const params = [...streamIds];
    while (params.length < size) params.push(streamIds[0]!);
    return stmt.all(...params);
  }
}
