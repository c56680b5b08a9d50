import Database from 'better-sqlite3';
import type { NewEvent } from '../../../src/event-store/event-store.port';
import type { ScenarioResult } from '../bench-suite';
import { now, secondsSince } from '../support/clock';
import type { ReadSubject } from '../support/read-passes';
import type { Progress } from '../support/progress';
import { eventsPerWriter } from './event-batches';
import { referralConverted, writerStream } from './ledger-event';
import { WARMUP_EVENTS } from './warmup';
import type { SequentialSubject } from './sequential-pair';

/**
 * The physical limits: better-sqlite3 on a file with the pragmas a durable store needs (WAL,
 * synchronous=FULL) and rows of the same size and shape as an event row, with the two unique constraints
 * any event store keeps (event id; stream + revision). No hashing, no concurrency checks, no decoding
 * beyond JSON.parse: what is left is SQLite, the disk and the JSON codec.
 */
export const RAW_SCHEMA = `
  CREATE TABLE events (
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
  )`;

const INSERT = `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/** A stand-in for a SHA-256 hex digest: same length, computed once. */
const HASH = 'a3'.repeat(32);

function openRaw(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  return db;
}

export function rawPragmas(path: string): Record<string, unknown> {
  const db = openRaw(path);
  try {
    return {
      journal_mode: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
    };
  } finally {
    db.close();
  }
}

/** One autocommit (one fsync) per row: the ceiling for a single writer that waits for each append. */
export function rawCommitPerRow(path: string, rows: number): SequentialSubject {
  const events = eventsPerWriter(1, rows + WARMUP_EVENTS)[0] ?? [];
  const db = openRaw(path);
  const insert = db.prepare(INSERT);
  let next = 0;
  const appendNext = (): void => {
    const event = events[next];
    if (!event) throw new Error(`raw: no row ${next}`);
    insert.run('referral-raw-1', next, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString(), HASH);
    next += 1;
  };
  // Not measured, as for every subject.
  for (let i = 0; i < WARMUP_EVENTS; i++) appendNext();
  return {
    id: 'raw.commitPerRow',
    subject: 'raw',
    label: 'raw: one commit per row',
    unit: 'rows',
    appendNext,
    finish: async (appended) => {
      const stored = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      db.close();
      return stored === appended + WARMUP_EVENTS ? [] : [`${stored} rows stored, expected ${appended + WARMUP_EVENTS}`];
    },
  };
}

/** Where the n-th row of a raw insert goes: its stream, its revision there, and the event. */
type RowPlace = (n: number) => [stream: string, revision: number, event: NewEvent];

/** Rows fill one stream after another, 1000 to a stream: the index on (stream, revision) grows at one end. */
const PER_STREAM = 1000;
const streamAfterStream: RowPlace = (n) => {
  const stream = Math.floor(n / PER_STREAM);
  return [`referral-raw-${stream}`, n % PER_STREAM, referralConverted(stream, n % PER_STREAM)];
};

/** Many rows per commit: the ceiling for a store that groups concurrent appends into one transaction. */
export function rawBatchedInsert(id: string, path: string, rows: number, batch: number, progress: Progress): ScenarioResult {
  const db = openRaw(path);
  try {
    const inserted = insertBatched(db, rows, batch, streamAfterStream, progress, `raw batched insert (${batch})`);
    return result(id, `raw: batched insert, ${batch} rows/commit`, rows, inserted.seconds);
  } finally {
    db.close();
  }
}

/**
 * The write pattern of N concurrent writers, each appending to a stream of its own and waiting for each
 * append: commits of N rows, one row per stream, so every commit moves N places in the (stream, revision)
 * index (and N random places in the event-id index, as every scenario does). Not a target: the ceiling for
 * that pattern, for reading the 64-writer target.
 */
export function rawBatchedAcrossStreams(id: string, path: string, writers: number, perWriter: number, progress: Progress): ScenarioResult {
  const db = openRaw(path);
  const place: RowPlace = (n) => {
    const writer = n % writers;
    const revision = Math.floor(n / writers);
    return [writerStream('raw', writer), revision, referralConverted(writer, revision)];
  };
  try {
    const rows = writers * perWriter;
    const inserted = insertBatched(db, rows, writers, place, progress, `raw batched insert across ${writers} streams`);
    return result(id, `raw: batched insert, ${writers} rows/commit across ${writers} streams`, rows, inserted.seconds);
  } finally {
    db.close();
  }
}

/** Reads every row in position order and parses its data and metadata, as a `$all` read must. */
export function rawSelectParse(path: string, rows: number, progress: Progress): ReadSubject {
  const db = openRaw(path);
  progress.step(`raw select+parse: seeding ${rows} rows`);
  insertBatched(db, rows, 1000, streamAfterStream, progress, 'raw seed');
  // Pages of 1000 rows as arrays, keyed on position like a $all reader: the cheapest way better-sqlite3
  // hands rows over (one huge .all() is slower, its rows outlive the young generation), so a ceiling.
  const page = db
    .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash FROM events WHERE position > ? ORDER BY position LIMIT 1000')
    .raw(true);
  return {
    id: 'raw.selectParse',
    subject: 'raw',
    label: 'raw: select + JSON.parse (1000/page)',
    unit: 'rows',
    pass: () => {
      let after = 0;
      let count = 0;
      let checksum = 0;
      for (;;) {
        const rowsOfPage = page.all(after) as RawRow[];
        if (rowsOfPage.length === 0) break;
        for (const row of rowsOfPage) {
          const data = JSON.parse(row[5]) as { amount: { amount: number } };
          const metadata = JSON.parse(row[6]) as { schemaVersion: number };
          checksum += data.amount.amount + metadata.schemaVersion;
        }
        count += rowsOfPage.length;
        after = rowsOfPage[rowsOfPage.length - 1]![0];
      }
      if (count !== rows || checksum <= 0) throw new Error(`raw select read ${count} rows of ${rows}`);
      return count;
    },
    close: () => {
      db.close();
    },
  };
}

/** position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash */
type RawRow = [number, string, number, string, string, string, string, string, string];

function insertBatched(db: Database.Database, rows: number, batch: number, place: RowPlace, progress: Progress, label: string): { seconds: number } {
  const insert = db.prepare(INSERT);
  // Events are built before the clock starts, a batch at a time to bound memory on large runs.
  const writeBatch = db.transaction((items: readonly [string, number, NewEvent][]) => {
    const recordedAt = new Date().toISOString();
    for (const [stream, revision, event] of items) {
      insert.run(stream, revision, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt, HASH);
    }
  });
  let seconds = 0;
  const started = now();
  for (let done = 0; done < rows; ) {
    const size = Math.min(batch, rows - done);
    const items = Array.from({ length: size }, (_, k) => place(done + k));
    const t0 = now();
    writeBatch(items);
    seconds += secondsSince(t0);
    done += size;
    progress.tick(label, done, rows, started);
  }
  return { seconds };
}

function result(id: string, label: string, count: number, seconds: number, notes: string[] = []): ScenarioResult {
  return {
    id,
    subject: 'raw',
    label,
    count,
    seconds,
    perSecond: count / seconds,
    unit: 'rows',
    ...(notes.length > 0 ? { notes } : {}),
  };
}
