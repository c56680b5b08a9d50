import type Database from 'better-sqlite3';
import type { CollectionSize } from './projection-definition';

/** A key and its document's JSON, as a list returns them. */
export type KeyedJson = [key: string, json: string];

/** A key range for `list`: from `lower` (exclusive or not) to just before `upper` (none: to the end). */
export interface KeyRange {
  lower: string;
  exclusiveLower: boolean;
  upper: string | undefined;
  /** -1: no limit. */
  limit: number;
}

/** What a read model's documents of one collection are read and written through. */
export interface CollectionStore {
  get(key: string): string | undefined;
  upsert(key: string, json: string): void;
  delete(key: string): void;
  list(range: KeyRange): KeyedJson[];
  /** Every document in key order. */
  all(): IterableIterator<KeyedJson>;
  /** Creates the key index a write-only collection is built without (see KeyIndex); nothing for the others. */
  indexKeys(): void;
  /** Whether `indexKeys` has an index to create. */
  readonly awaitsKeyIndex: boolean;
}

/** `rm_x_g1$line`: the table of one collection of a generation (`$` never occurs in a generation's own name). */
export function collectionTableName(generationTable: string, collection: string): string {
  return `${generationTable}$${collection}`;
}

/** The generation a table belongs to: its own name for a shared (older) table, else what precedes the `$`. */
export function generationTableOf(table: string): string {
  const cut = table.indexOf('$');
  return cut < 0 ? table : table.slice(0, cut);
}

/**
 * The SQL of a collection's own table. Small documents live in their key's B-tree (WITHOUT ROWID): one B-tree
 * to change per write instead of two. Large ones are rows appended in rowid order with a unique index on the
 * key, so a random key moves only its small index entry and never hundreds of bytes of document (measured on
 * the audit trail's rows: 20% less time per row than one table for every collection, and a fifth smaller).
 */
export function createCollectionTableSql(
  schema: string,
  generationTable: string,
  collection: string,
  size: CollectionSize,
  options: { deferKeyIndex?: boolean } = {},
): string {
  const own = collectionTableName(generationTable, collection);
  const table = `"${schema}"."${own}"`;
  switch (size) {
    case 'small':
      return `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;`;
    case 'large':
      return `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);`;
    case 'write-only': {
      // The large layout with its key index apart, so that a bulk build can leave it for `KeyIndex.create`.
      const rows = `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL);`;
      return options.deferKeyIndex ? rows : `${rows}\n${KeyIndex.sql(schema, own)};`;
    }
  }
}

/**
 * The unique index on a write-only collection's keys, created after its rows (see CollectionSize): sorting a
 * million keys once costs a fraction of keeping them in order one insert at a time. Until it exists, a put
 * appends a row (a later one for the same key wins when the index is made) and nothing can be looked up.
 */
export const KeyIndex = {
  sql(schema: string, table: string): string {
    return `CREATE UNIQUE INDEX IF NOT EXISTS "${schema}"."${table}$key" ON "${table}" (key)`;
  },

  /** Whether the table has a unique index (or primary key) on its keys. `schema` and `table` unquoted. */
  exists(db: Database.Database, schema: string, table: string): boolean {
    const indexes = db.pragma(`"${schema}".index_list("${table}")`) as Array<{ unique: number }>;
    return indexes.some((index) => index.unique === 1);
  },

  /**
   * Creates it, first keeping only the last row put under each key if a key was put more than once (a row
   * was appended per put). In the caller's transaction when one is open, else in one of its own.
   *
   * Outside a transaction the sort runs in a small page cache that spills to a temporary file: sorting in
   * memory, as the read models' connection otherwise does, took ~150 MB for the million keys of an audit trail
   * (measured: a 4 MB cache and a file, 16 MB and a fifth less time). Inside one, SQLite keeps its settings.
   */
  create(db: Database.Database, schema: string, table: string): void {
    const quoted = `"${schema}"."${table}"`;
    const create = KeyIndex.sql(schema, table);
    const build = (): void => {
      try {
        db.exec(create);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        db.exec(`DELETE FROM ${quoted} WHERE id NOT IN (SELECT max(id) FROM ${quoted} GROUP BY key)`);
        db.exec(create);
      }
    };
    if (db.inTransaction) {
      build();
      return;
    }
    const cacheSize = db.pragma(`"${schema}".cache_size`, { simple: true }) as number;
    const tempStore = db.pragma('temp_store', { simple: true }) as number;
    db.pragma(`"${schema}".cache_size = ${SORT_CACHE_SIZE}`);
    db.pragma('temp_store = FILE');
    try {
      db.transaction(build).immediate();
    } finally {
      db.pragma(`temp_store = ${tempStore}`);
      db.pragma(`"${schema}".cache_size = ${cacheSize}`);
    }
  },
};

/** The page cache a key index is sorted in: 4 MB (negative: in KiB). */
const SORT_CACHE_SIZE = -4096;

/**
 * Where one collection of a read-model generation keeps its documents, as JSON text by key: a table of its
 * own (every generation created since collections were declared), or, given `shared`, its rows of the one
 * table a generation created before that kept every collection in under (collection, key). Such a generation
 * is only read while it serves (its fingerprint predates the layout, so it is rebuilt into the new one).
 */
export class CollectionTable implements CollectionStore {
  private readonly getStmt: Database.Statement<unknown[], [string]>;
  private upsertStmt: Database.Statement<unknown[]>;
  private readonly deleteStmt: Database.Statement<unknown[]>;
  private readonly listStmts = new Map<string, Database.Statement<unknown[], KeyedJson>>();
  /** The SQL condition that picks the collection's rows out of a shared table ('' for a table of its own). */
  private readonly where: string;
  /** The collection whose rows a shared table holds among others; undefined for a table of its own. */
  private readonly sharedCollection: string | undefined;
  /** A write-only collection's table still without its key index: `schema` and `table` unquoted. */
  private unindexed: { schema: string; table: string } | undefined;

  constructor(
    private readonly db: Database.Database,
    /** Schema-qualified and quoted. */
    private readonly table: string,
    options: { shared?: { collection: string }; unindexed?: { schema: string; table: string } } = {},
  ) {
    const { shared } = options;
    this.where = shared ? 'collection = ? AND ' : '';
    this.sharedCollection = shared?.collection;
    this.unindexed = options.unindexed;
    this.getStmt = db.prepare<unknown[], [string]>(`SELECT doc FROM ${table} WHERE ${this.where}key = ?`).raw(true);
    this.upsertStmt = this.unindexed ? db.prepare(`INSERT INTO ${table} (key, doc) VALUES (?, ?)`) : this.upsertStatement();
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE ${this.where}key = ?`);
  }

  get awaitsKeyIndex(): boolean {
    return this.unindexed !== undefined;
  }

  /** Creates a write-only collection's key index if it has none yet (see KeyIndex); from then on puts upsert. */
  indexKeys(): void {
    const unindexed = this.unindexed;
    if (unindexed === undefined) return;
    KeyIndex.create(this.db, unindexed.schema, unindexed.table);
    this.unindexed = undefined;
    this.upsertStmt = this.upsertStatement();
  }

  get(key: string): string | undefined {
    this.indexKeys();
    const c = this.sharedCollection;
    return (c === undefined ? this.getStmt.get(key) : this.getStmt.get(c, key))?.[0];
  }

  upsert(key: string, json: string): void {
    const c = this.sharedCollection;
    if (c === undefined) this.upsertStmt.run(key, json);
    else this.upsertStmt.run(c, key, json);
  }

  delete(key: string): void {
    this.indexKeys();
    this.deleteStmt.run(...this.collectionParam(), key);
  }

  list(range: KeyRange): KeyedJson[] {
    this.indexKeys();
    const params: unknown[] = [...this.collectionParam(), range.lower];
    if (range.upper !== undefined) params.push(range.upper);
    params.push(range.limit);
    return this.listStatement(range).all(...params);
  }

  /** Every document in key order. */
  all(): IterableIterator<KeyedJson> {
    this.indexKeys();
    const where = this.sharedCollection === undefined ? '' : ' WHERE collection = ?';
    return this.db
      .prepare<unknown[], KeyedJson>(`SELECT key, doc FROM ${this.table}${where} ORDER BY key`)
      .raw(true)
      .iterate(...this.collectionParam());
  }

  private upsertStatement(): Database.Statement<unknown[]> {
    const shared = this.sharedCollection !== undefined;
    return this.db.prepare(
      `INSERT INTO ${this.table} (${shared ? 'collection, key, doc' : 'key, doc'}) VALUES (${shared ? '?, ' : ''}?, ?) ` +
        `ON CONFLICT (${shared ? 'collection, key' : 'key'}) DO UPDATE SET doc = excluded.doc`,
    );
  }

  /** The leading parameter of a shared table's statements: none for a table of its own. */
  private collectionParam(): string[] {
    return this.sharedCollection === undefined ? [] : [this.sharedCollection];
  }

  private listStatement(range: KeyRange): Database.Statement<unknown[], KeyedJson> {
    const shape = `${range.exclusiveLower ? 'gt' : 'ge'}/${range.upper !== undefined ? 'lt' : 'open'}`;
    let stmt = this.listStmts.get(shape);
    if (!stmt) {
      const bounds = [range.exclusiveLower ? 'key > ?' : 'key >= ?'];
      if (range.upper !== undefined) bounds.push('key < ?');
      stmt = this.db
        .prepare<unknown[], KeyedJson>(`SELECT key, doc FROM ${this.table} WHERE ${this.where}${bounds.join(' AND ')} ORDER BY key LIMIT ?`)
        .raw(true);
      this.listStmts.set(shape, stmt);
    }
    return stmt;
  }
}

/**
 * A collection the running definition declares and a generation built before it was declared has no table
 * for: that generation is being replaced (the collections are in the fingerprint), and until then it holds
 * nothing of the collection. Writing it is a bug.
 */
export class MissingCollection implements CollectionStore {
  constructor(private readonly table: string) {}

  get(): undefined {
    return undefined;
  }

  upsert(): never {
    throw new Error(`${this.table} does not exist: its generation was built before the collection was declared`);
  }

  delete(): never {
    return this.upsert();
  }

  list(): KeyedJson[] {
    return [];
  }

  all(): IterableIterator<KeyedJson> {
    return [][Symbol.iterator]();
  }

  indexKeys(): void {}

  readonly awaitsKeyIndex = false;
}
