import type Database from 'better-sqlite3';
import { ABSENT, DocumentCache } from './document-cache';
import { KeyFilter } from './key-filter';
import { prefixSuccessor } from './key-range';
import { CollectionTable, collectionTableName, createCollectionTableSql, KeyIndex, MissingCollection, type CollectionStore } from './collection-tables';
import type { CollectionSize, DocumentEntry, ListOptions, ReadModelReader } from './projection-definition';

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

/** Committed documents kept in memory per table (see DocumentCache). */
export const DEFAULT_CACHE_DOCUMENTS = 20_000;

export interface DocumentTableOptions {
  /** The collections the projection declared (ProjectionDefinition.collections). */
  collections: Readonly<Record<string, CollectionSize>>;
  /** Committed documents kept in memory for writers. Default DEFAULT_CACHE_DOCUMENTS. */
  cacheDocuments?: number;
  /**
   * The table was created empty by this process and every write goes through this object: keep a filter of
   * the keys written, so reads of keys never written skip SQLite.
   */
  fresh?: boolean;
  /** The attached database the table lives in (see ReadModelDatabaseOptions.ownFiles). Default `main`. */
  schema?: string;
  /**
   * Create: the write-only collections' tables come without their key index, for a bulk build that has the
   * file to itself to create it once, at its end (see CollectionSize). Never beside another writer of the file:
   * creating the index holds the file's write lock for as long as the sort takes (seconds at a million rows).
   */
  deferKeyIndexes?: boolean;
}

/**
 * One read model (a projection's generation): documents as JSON text under (collection, key), each collection
 * in a table of its own (see collection-tables.ts for how small and large documents are kept). A generation
 * created before collections had tables keeps all of them in one table, `tableName` itself: it is read the
 * same way.
 */
export class DocumentTable {
  /** Committed documents the engine's writers keep coming back to; readers (queries) always read SQLite. */
  readonly cache: DocumentCache;
  private readonly keyFilter: KeyFilter | undefined;
  private readonly collections = new Map<string, CollectionStore>();
  /** Collection names in code-point order: the order `documents()` walks them in. */
  private readonly collectionOrder: string[];
  /** The declared write-only collections (see CollectionSize): a writer never reads them back. */
  private readonly writeOnly = new Set<string>();

  /** Creates a generation's tables, one per declared collection (inside the caller's transaction). */
  static create(db: Database.Database, tableName: string, options: DocumentTableOptions): DocumentTable {
    const schema = options.schema ?? 'main';
    const deferKeyIndex = options.deferKeyIndexes ?? false;
    const sql = Object.entries(options.collections).map(([collection, size]) =>
      createCollectionTableSql(schema, tableName, collection, size, { deferKeyIndex }),
    );
    db.exec(sql.join('\n'));
    return new DocumentTable(db, tableName, options);
  }

  constructor(
    db: Database.Database,
    readonly tableName: string,
    options: DocumentTableOptions,
  ) {
    this.cache = new DocumentCache(options.cacheDocuments ?? DEFAULT_CACHE_DOCUMENTS);
    this.keyFilter = options.fresh ? new KeyFilter() : undefined;
    const schema = options.schema ?? 'main';
    const existing = new Set(
      db
        .prepare<[], [string]>(`SELECT name FROM "${schema}".sqlite_master WHERE type = 'table'`)
        .raw(true)
        .all()
        .map((row) => row[0]),
    );
    const shared = existing.has(tableName);
    for (const collection of Object.keys(options.collections)) {
      const own = collectionTableName(tableName, collection);
      const writeOnly = options.collections[collection] === 'write-only';
      if (writeOnly) this.writeOnly.add(collection);
      const unindexed = !shared && writeOnly && existing.has(own) && !KeyIndex.exists(db, schema, own) ? { schema, table: own } : undefined;
      const table = shared
        ? new CollectionTable(db, `"${schema}"."${tableName}"`, { shared: { collection } })
        : existing.has(own)
          ? new CollectionTable(db, `"${schema}"."${own}"`, unindexed ? { unindexed } : {})
          : new MissingCollection(own);
      this.collections.set(collection, table);
    }
    this.collectionOrder = [...this.collections.keys()].sort();
  }

  /** Whether `handle` may only put documents of the collection (see CollectionSize). */
  isWriteOnly(collection: string): boolean {
    return this.writeOnly.has(collection);
  }

  /**
   * Gives the write-only collections built without their key index that index (in the caller's transaction
   * if one is open): call it once a build has caught up, before the generation serves. A read would do it
   * anyway, in whatever thread reads first.
   */
  indexKeys(): void {
    for (const table of this.collections.values()) table.indexKeys();
  }

  /** The write-only collections still without their key index (what `indexKeys` would sort). */
  unindexedCollections(): string[] {
    return this.collectionOrder.filter((collection) => this.collections.get(collection)!.awaitsKeyIndex);
  }

  getJson(collection: string, key: string): string | undefined {
    return this.collection(collection).get(key);
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
    const table = this.collection(collection);
    this.remember(collection, key);
    table.upsert(key, json);
  }

  delete(collection: string, key: string): void {
    this.collection(collection).delete(key);
  }

  /**
   * Writes a batch's changes (call it inside the batch's transaction), serialising each document once per
   * batch however many times a handler put it. One row per statement: multi-row upserts and sorting the rows
   * by key were measured, and only pay when the keys already come in order, which most do not.
   */
  write(writes: readonly DocumentWrite[]): void {
    for (let i = 0; i < writes.length; i++) {
      const { collection, key, doc, json } = writes[i]!;
      const table = this.collection(collection);
      if (doc === ABSENT) {
        table.delete(key);
        continue;
      }
      this.remember(collection, key);
      table.upsert(key, json ?? JSON.stringify(doc));
    }
  }

  /**
   * Writes one document now (inside the caller's open transaction): upserted, or deleted for ABSENT. Whatever
   * the cache held for it is dropped.
   */
  writeNow(collection: string, key: string, doc: unknown): void {
    const table = this.collection(collection);
    if (this.cache.holds(collection)) this.cache.delete(collection, key);
    if (doc === ABSENT) {
      table.delete(key);
      return;
    }
    this.remember(collection, key);
    table.upsert(key, JSON.stringify(doc));
  }

  /** A fresh table's filter learns the key; a write-only collection's keys are never looked up by a writer. */
  private remember(collection: string, key: string): void {
    if (this.keyFilter !== undefined && !this.writeOnly.has(collection)) this.keyFilter.add(collection, key);
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
    const rows = this.collection(collection).list({ lower, exclusiveLower, upper, limit: options.limit ?? -1 });
    const entries = new Array<DocumentEntry<T>>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      entries[i] = { key: row[0], doc: JSON.parse(row[1]) as T };
    }
    return entries;
  }

  /** Every document, ordered by collection then key: what the equality checks and exports compare. */
  *documents(): IterableIterator<StoredDocument> {
    for (const collection of this.collectionOrder) {
      for (const [key, doc] of this.collections.get(collection)!.all()) {
        yield { collection, key, doc: JSON.parse(doc) as unknown };
      }
    }
  }

  reader(): ReadModelReader {
    return {
      get: <T>(collection: string, key: string) => this.get<T>(collection, key),
      list: <T>(collection: string, keyPrefix: string, options?: ListOptions) => this.list<T>(collection, keyPrefix, options),
    };
  }

  private collection(name: string): CollectionStore {
    const table = this.collections.get(name);
    if (table === undefined) {
      throw new UndeclaredCollectionError(this.tableName, name, this.collectionOrder);
    }
    return table;
  }
}

/** A document read or written in a collection the projection did not declare (ProjectionDefinition.collections). */
export class UndeclaredCollectionError extends Error {
  constructor(table: string, collection: string, declared: readonly string[]) {
    super(`read model ${table} has no collection ${JSON.stringify(collection)} (declared: ${declared.join(', ')}): add it to the projection's collections`);
    this.name = 'UndeclaredCollectionError';
  }
}
