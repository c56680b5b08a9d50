import type Database from 'better-sqlite3';

/**
 * One table holds every event. `position` is the rowid, allocated by the store as head + 1 inside the write
 * transaction (never AUTOINCREMENT), so a rolled-back batch leaves no gap in $all.
 * The triggers make the append-only rule hold even for someone with a SQLite shell: an UPDATE or DELETE of
 * an event aborts. They are a second line of defence; the hash chains are the first.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);

CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;
`;

export const APPEND_ONLY_TRIGGERS = ['events_refuse_update', 'events_refuse_delete'] as const;

/** Creates the table, its indexes and the append-only triggers when missing; safe to run on every open. */
export function applySchema(db: Database.Database): void {
  db.exec(SCHEMA_SQL);
}
