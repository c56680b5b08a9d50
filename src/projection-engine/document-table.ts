import type Database from 'better-sqlite3';
import { prefixSuccessor } from './key-range';
import type { DocumentEntry, ListOptions, ReadModelReader } from './projection-definition';

export interface StoredDocument {
  collection: string;
  key: string;
  doc: unknown;
}

type Row = [string, string];

/**
 * One read-model table (a projection's generation): documents as JSON text under (collection, key).
 * A rowid table with a unique index rather than WITHOUT ROWID: documents are hundreds of bytes and keys
 * arrive in random order (event ids, correlation ids), and appending rows while only the small index entries
 * land at random places writes about twice as fast as keeping whole documents in key order.
 */
export class DocumentTable {
  private readonly getStmt: Database.Statement<[string, string], [string]>;
  private readonly upsertStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;
  private readonly listStmts = new Map<string, Database.Statement<unknown[], Row>>();

  static create(db: Database.Database, tableName: string): DocumentTable {
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${tableName}" (
         id         INTEGER PRIMARY KEY,
         collection TEXT NOT NULL,
         key        TEXT NOT NULL,
         doc        TEXT NOT NULL
       );
       CREATE UNIQUE INDEX IF NOT EXISTS "${tableName}_key" ON "${tableName}" (collection, key);`,
    );
    return new DocumentTable(db, tableName);
  }

  constructor(
    private readonly db: Database.Database,
    readonly tableName: string,
  ) {
    this.getStmt = db.prepare<[string, string], [string]>(`SELECT doc FROM "${tableName}" WHERE collection = ? AND key = ?`).raw(true);
    this.upsertStmt = db.prepare<[string, string, string]>(
      `INSERT INTO "${tableName}" (collection, key, doc) VALUES (?, ?, ?)
       ON CONFLICT (collection, key) DO UPDATE SET doc = excluded.doc`,
    );
    this.deleteStmt = db.prepare<[string, string]>(`DELETE FROM "${tableName}" WHERE collection = ? AND key = ?`);
  }

  getJson(collection: string, key: string): string | undefined {
    return this.getStmt.get(collection, key)?.[0];
  }

  get<T>(collection: string, key: string): T | undefined {
    const json = this.getJson(collection, key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  upsertJson(collection: string, key: string, json: string): void {
    this.upsertStmt.run(collection, key, json);
  }

  delete(collection: string, key: string): void {
    this.deleteStmt.run(collection, key);
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
      .prepare<[], [string, string, string]>(`SELECT collection, key, doc FROM "${this.tableName}" ORDER BY collection, key`)
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
        .prepare<unknown[], Row>(`SELECT key, doc FROM "${this.tableName}" WHERE ${where.join(' AND ')} ORDER BY key LIMIT ?`)
        .raw(true);
      this.listStmts.set(shape, stmt);
    }
    return stmt;
  }
}
