import type Database from 'better-sqlite3';
import { ABSENT, DocumentCache } from './document-cache';
import { KeyFilter } from './key-filter';
import { prefixSuccessor } from './key-range';
import type { DocumentEntry, ListOptions, ReadModelReader } from './projection-definition';

export interface StoredDocument {
  collection: string;
  key: string;
  doc: unknown;
}

/** A change a batch makes to one document. */
export interface DocumentWrite {
  collection: string;
  key: string;
  /** ABSENT for a delete; undefined when only `json` is kept. */
  doc: unknown;
  /** The document already serialised. */
  json: string | undefined;
}

type Row = [string, string];

/** Committed documents kept in memory per table (see DocumentCache). */
export const DEFAULT_CACHE_DOCUMENTS = 20_000;

export interface DocumentTableOptions {
  /** Committed documents kept in memory for writers. Default DEFAULT_CACHE_DOCUMENTS. */
  cacheDocuments?: number;
  /**
   * The table was created empty by this process and every write goes through this object: keep a filter of
   * the keys written, so reads of keys never written skip SQLite.
   */
  fresh?: boolean;
  /** The attached database the table lives in (see ReadModelDatabaseOptions.ownFiles). Default `main`. */
  schema?: string;
}

/**
 * One read-model table (a projection's generation): documents as JSON text under (collection, key).
 * A rowid table with a unique index rather than WITHOUT ROWID: documents are hundreds of bytes and keys
 * arrive in random order (event ids, correlation ids), and appending rows while only the small index entries
 * land at random places writes about twice as fast as keeping whole documents in key order.
 */
export class DocumentTable {
  /** Committed documents the engine's writers keep coming back to; readers (queries) always read SQLite. */
  readonly cache: DocumentCache;
  private readonly keyFilter: KeyFilter | undefined;
  private readonly getStmt: Database.Statement<[string, string], [string]>;
  private readonly upsertStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;
  private readonly listStmts = new Map<string, Database.Statement<unknown[], Row>>();
  /** `"schema"."table"`, for SQL. */
  private readonly qualified: string;

  static create(db: Database.Database, tableName: string, options: DocumentTableOptions = {}): DocumentTable {
    const schema = options.schema ?? 'main';
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${schema}"."${tableName}" (
         id         INTEGER PRIMARY KEY,
         collection TEXT NOT NULL,
         key        TEXT NOT NULL,
         doc        TEXT NOT NULL
       );
       CREATE UNIQUE INDEX IF NOT EXISTS "${schema}"."${tableName}_key" ON "${tableName}" (collection, key);`,
    );
    return new DocumentTable(db, tableName, options);
  }

  constructor(
    private readonly db: Database.Database,
    readonly tableName: string,
    options: DocumentTableOptions = {},
  ) {
    this.cache = new DocumentCache(options.cacheDocuments ?? DEFAULT_CACHE_DOCUMENTS);
    this.keyFilter = options.fresh ? new KeyFilter() : undefined;
    this.qualified = `"${options.schema ?? 'main'}"."${tableName}"`;
    const table = this.qualified;
    this.getStmt = db.prepare<[string, string], [string]>(`SELECT doc FROM ${table} WHERE collection = ? AND key = ?`).raw(true);
    this.upsertStmt = db.prepare<[string, string, string]>(
      `INSERT INTO ${table} (collection, key, doc) VALUES (?, ?, ?)
       ON CONFLICT (collection, key) DO UPDATE SET doc = excluded.doc`,
    );
    this.deleteStmt = db.prepare<[string, string]>(`DELETE FROM ${table} WHERE collection = ? AND key = ?`);
  }

  getJson(collection: string, key: string): string | undefined {
    return this.getStmt.get(collection, key)?.[0];
  }

  get<T>(collection: string, key: string): T | undefined {
    const json = this.getJson(collection, key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  /**
   * The committed document for a writer, from the cache when it is there, else from SQLite; ABSENT when there
   * is none. A document found in SQLite is cached: a document read once is likely read again (a total, a
   * balance), while one just created usually is not (a line, a posting). Never mutate what this returns.
   */
  committed(collection: string, key: string): unknown {
    const cached = this.cache.get(collection, key);
    if (cached !== undefined) return cached;
    if (this.keyFilter !== undefined && !this.keyFilter.mayContain(collection, key)) return ABSENT;
    const json = this.getJson(collection, key);
    if (json === undefined) return ABSENT;
    const doc = JSON.parse(json) as unknown;
    this.cache.set(collection, key, doc);
    return doc;
  }

  upsertJson(collection: string, key: string, json: string): void {
    this.keyFilter?.add(collection, key);
    this.upsertStmt.run(collection, key, json);
  }

  delete(collection: string, key: string): void {
    this.deleteStmt.run(collection, key);
  }

  /**
   * Writes a batch's changes (call it inside the batch's transaction), serialising each document once per
   * batch however many times a handler put it. One row per statement: multi-row upserts and sorting the rows
   * by key were measured, and only pay when the keys already come in order, which most do not.
   */
  write(writes: readonly DocumentWrite[]): void {
    const upsert = this.upsertStmt;
    const keyFilter = this.keyFilter;
    for (let i = 0; i < writes.length; i++) {
      const { collection, key, doc, json } = writes[i]!;
      if (doc === ABSENT) {
        this.deleteStmt.run(collection, key);
        continue;
      }
      keyFilter?.add(collection, key);
      upsert.run(collection, key, json ?? JSON.stringify(doc));
    }
  }

  /**
   * Writes one document now (inside the caller's open transaction): upserted, or deleted for ABSENT. Whatever
   * the cache held for it is dropped.
   */
  writeNow(collection: string, key: string, doc: unknown): void {
    if (this.cache.holds(collection)) this.cache.delete(collection, key);
    if (doc === ABSENT) {
      this.deleteStmt.run(collection, key);
      return;
    }
    this.keyFilter?.add(collection, key);
    this.upsertStmt.run(collection, key, JSON.stringify(doc));
  }

  /**
   * After the transaction that wrote `writes` committed: cached documents take their new value, and so do
   * those the batch read before writing (totals, balances, lines checked for idempotency). Documents only ever
   * written (audit records, postings) are not cached, so they do not push the hot ones out.
   */
  committedWrites(writes: ReadonlyArray<DocumentWrite & { read: boolean }>): void {
    const cache = this.cache;
    for (let i = 0; i < writes.length; i++) {
      const { collection, key, doc, read } = writes[i]!;
      // Only JSON kept (a document written without being read): whatever was cached is stale.
      if (doc === ABSENT || doc === undefined) cache.delete(collection, key);
      else if (read || cache.has(collection, key)) cache.set(collection, key, doc);
    }
  }

  list<T>(collection: string, keyPrefix: string, options: ListOptions = {}): DocumentEntry<T>[] {
    const upper = prefixSuccessor(keyPrefix);
    const exclusiveLower = options.after !== undefined && options.after >= keyPrefix;
    const lower = exclusiveLower ? options.after! : keyPrefix;
    const params: unknown[] = [collection, lower];
    if (upper !== undefined) params.push(upper);
    params.push(options.limit ?? -1);
    const rows = this.listStatement(exclusiveLower, upper !== undefined).all(...params);
    const entries = new Array<DocumentEntry<T>>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      entries[i] = { key: row[0], doc: JSON.parse(row[1]) as T };
    }
    return entries;
  }

  /** Every document, ordered by collection then key: what the equality checks and exports compare. */
  *documents(): IterableIterator<StoredDocument> {
    const stmt = this.db
      .prepare<[], [string, string, string]>(`SELECT collection, key, doc FROM ${this.qualified} ORDER BY collection, key`)
      .raw(true);
    for (const [collection, key, doc] of stmt.iterate()) {
      yield { collection, key, doc: JSON.parse(doc) as unknown };
    }
  }

  reader(): ReadModelReader {
    return {
      get: <T>(collection: string, key: string) => this.get<T>(collection, key),
      list: <T>(collection: string, keyPrefix: string, options?: ListOptions) => this.list<T>(collection, keyPrefix, options),
    };
  }

  private listStatement(exclusiveLower: boolean, bounded: boolean): Database.Statement<unknown[], Row> {
    const shape = `${exclusiveLower ? 'gt' : 'ge'}/${bounded ? 'lt' : 'open'}`;
    let stmt = this.listStmts.get(shape);
    if (!stmt) {
      const where = ['collection = ?', exclusiveLower ? 'key > ?' : 'key >= ?'];
      if (bounded) where.push('key < ?');
      stmt = this.db
        .prepare<unknown[], Row>(`SELECT key, doc FROM ${this.qualified} WHERE ${where.join(' AND ')} ORDER BY key LIMIT ?`)
        .raw(true);
      this.listStmts.set(shape, stmt);
    }
    return stmt;
  }
}
