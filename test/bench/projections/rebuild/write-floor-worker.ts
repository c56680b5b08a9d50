import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_COLUMNS, EVENT_COLUMNS_WITHOUT_DATA } from '../../../../src/event-store/sqlite/event-row';
import { KeyIndex } from '../../../../src/projection-engine/collection-tables';
import type { FloorFileReport, FloorRequest, FloorWorkerMessage } from './write-floor-protocol';

/**
 * One read-model file's share of the write floor (write-floor.ts): its rows, read back from the rebuilt file
 * before the clock starts, are written into a fresh file while $all is read and parsed (the same statement
 * shape as the store's $all read, the worker's types), as raw better-sqlite3 with nothing of the engine in
 * between.
 */
function prepare(request: FloorRequest): () => FloorFileReport {
  const source = new Database(request.source, { readonly: true });
  const tables = source
    .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' AND instr(name, '$') > 0`)
    .all();
  // Separate index statements are the write-only collections' key indexes, which a build from scratch creates
  // once it has caught up (KeyIndex); a large collection's index is part of its table's statement.
  const deferred = new Set(tables.filter((table) => hasIndexStatement(source, table.name)).map((table) => table.name));
  const copies = tables.map((table) => ({
    table,
    rows: source.prepare<[], [string, string]>(`SELECT key, doc FROM "${table.name}"`).raw(true).all(),
    next: 0,
  }));
  source.close();

  return () => {
    const started = process.hrtime.bigint();
    const out = new Database(request.out);
    // As ReadModelDatabase configures a read-model file a worker builds.
    out.pragma('page_size = 16384');
    out.pragma('journal_mode = WAL');
    out.pragma('synchronous = NORMAL');
    out.pragma('cache_size = -65536');
    out.pragma('temp_store = MEMORY');
    out.pragma('wal_autocheckpoint = 8192');
    for (const { table } of copies) out.exec(table.sql);
    const inserts = copies.map(({ table }) => out.prepare<[string, string]>(`INSERT INTO "${table.name}" (key, doc) VALUES (?, ?)`));

    const store = new Database(request.storePath, { readonly: true });
    const { eventTypes, withData } = request.plan;
    const columns = withData ? EVENT_COLUMNS : EVENT_COLUMNS_WITHOUT_DATA;
    const types = eventTypes.map(() => '?').join(', ');
    const select = store.prepare<unknown[], unknown[]>(`SELECT ${columns} FROM events WHERE position > ? AND type IN (${types}) ORDER BY position LIMIT ?`).raw(true);
    const page = (after: number): unknown[][] => select.all(after, ...eventTypes, request.readEvents);
    const head = (store.prepare('SELECT max(position) AS head FROM events').get() as { head: number | null }).head ?? 0;
    let after = 0;
    let events = 0;
    let uncommitted = 0;
    out.exec('BEGIN');
    for (;;) {
      const read = page(after);
      if (read.length === 0) break;
      for (const row of read) {
        if (withData) JSON.parse(row[5] as string);
        JSON.parse(row[6] as string);
      }
      events += read.length;
      after = read[read.length - 1]![0] as number;
      // Each table's rows spread evenly over the reads: its share up to this position.
      copies.forEach((copy, index) => {
        const until = after >= head ? copy.rows.length : Math.floor((copy.rows.length * after) / head);
        const insert = inserts[index]!;
        for (; copy.next < until; copy.next++) insert.run(copy.rows[copy.next]![0], copy.rows[copy.next]![1]);
      });
      uncommitted += read.length;
      if (uncommitted >= request.commitEvents) {
        out.exec('COMMIT');
        out.exec('BEGIN');
        uncommitted = 0;
      }
    }
    out.exec('COMMIT');
    for (const { table } of copies) if (deferred.has(table.name)) KeyIndex.create(out, 'main', table.name);
    const rows = copies.reduce((sum, copy) => sum + copy.next, 0);
    store.close();
    out.close();
    return { source: request.source, readsData: withData, events, rows, tables: copies.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
}

function hasIndexStatement(db: Database.Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).get(table) !== undefined;
}

const port = parentPort;
if (port) {
  const run = prepare(workerData as FloorRequest);
  port.postMessage({ type: 'ready' } satisfies FloorWorkerMessage);
  port.once('message', () => {
    port.postMessage({ type: 'done', report: run() } satisfies FloorWorkerMessage);
  });
}
