import { ABSENT } from './document-cache';
import type { DocumentTable, DocumentWrite } from './document-table';
import type { ReadModelWriter } from './projection-definition';

interface Touched extends DocumentWrite {
  /** Changed since the last commit: written at flush. */
  dirty: boolean;
  /** Read since the last commit: a read-modify-write document, kept as an object and cached after commit. */
  read: boolean;
}

/**
 * The writer a definition sees between two commits. Changes stay in memory until the commit, so a document
 * changed by a thousand events is read once, written once and serialised once; reads go to the pending
 * documents first, then to the table's cache of committed documents, then to SQLite.
 *
 * A document put without having been read (an audit record, a posting, a line) is serialised at once and only
 * its JSON is kept: the object, and the event it points into, can then be collected long before the commit.
 * With `writeThrough` (a streaming batch, whose transaction may be opened early) such a document goes straight
 * to SQLite instead, and nothing of it stays in memory.
 */
export class BatchWriter implements ReadModelWriter {
  /** By collection, then key: no composite key to build on every call. */
  private readonly touched = new Map<string, Map<string, Touched>>();
  private written: Touched[] = [];
  private serialized = 0;

  /**
   * @param writeThrough when given, documents put without being read are written at once, after calling it
   *   (it opens the batch's transaction); the batch's rollback undoes them.
   */
  constructor(
    private readonly table: DocumentTable,
    private readonly writeThrough?: () => void,
  ) {}

  /** Length of the JSON held for the commit. */
  get serializedBytes(): number {
    return this.serialized;
  }

  get<T>(collection: string, key: string): T | undefined {
    if (this.table.isWriteOnly(collection)) throw new WriteOnlyCollectionError(collection, 'get');
    const entries = this.entriesOf(collection);
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { collection, key, doc: this.table.committed(collection, key), json: undefined, dirty: false, read: true };
      entries.set(key, entry);
    } else {
      entry.read = true;
      if (entry.doc === undefined) entry.doc = JSON.parse(entry.json!) as unknown;
    }
    const doc = entry.doc;
    return doc === ABSENT ? undefined : (doc as T);
  }

  put(collection: string, key: string, doc: unknown): void {
    if (doc === undefined) throw new TypeError(`put ${collection}/${key}: a document cannot be undefined (use delete)`);
    this.change(collection, key, doc);
  }

  delete(collection: string, key: string): void {
    if (this.table.isWriteOnly(collection)) throw new WriteOnlyCollectionError(collection, 'delete');
    this.change(collection, key, ABSENT);
  }

  /** Writes every changed document; the caller runs it inside the commit's transaction. */
  flush(): number {
    const written: Touched[] = [];
    for (const entries of this.touched.values()) {
      for (const entry of entries.values()) if (entry.dirty) written.push(entry);
    }
    this.touched.clear();
    this.serialized = 0;
    this.table.write(written);
    this.written = written;
    return written.length;
  }

  /** After the commit's transaction: the table's cache takes the new values. */
  committed(): void {
    this.table.committedWrites(this.written);
    this.written = [];
  }

  /**
   * The pending changes are dropped. A handler may have changed a cached document in place before it threw,
   * so the table's cache is dropped too rather than trusted.
   */
  discard(): void {
    this.touched.clear();
    this.written = [];
    this.serialized = 0;
    this.table.cache.clear();
  }

  private entriesOf(collection: string): Map<string, Touched> {
    let entries = this.touched.get(collection);
    if (entries === undefined) {
      entries = new Map();
      this.touched.set(collection, entries);
    }
    return entries;
  }

  private change(collection: string, key: string, doc: unknown): void {
    const entries = this.entriesOf(collection);
    let entry = entries.get(key);
    if (entry === undefined && this.writeThrough !== undefined) {
      this.writeThrough();
      this.table.writeNow(collection, key, doc);
      return;
    }
    if (entry === undefined) {
      entry = { collection, key, doc, json: undefined, dirty: true, read: false };
      entries.set(key, entry);
    } else {
      if (entry.json !== undefined) this.serialized -= entry.json.length;
      entry.doc = doc;
      entry.json = undefined;
      entry.dirty = true;
    }
    if (!entry.read && doc !== ABSENT) {
      entry.json = JSON.stringify(doc);
      entry.doc = undefined;
      this.serialized += entry.json.length;
    }
  }
}

/** A handler got or deleted a document of a collection it declared write-only (see CollectionSize). */
export class WriteOnlyCollectionError extends Error {
  constructor(collection: string, operation: 'get' | 'delete') {
    super(`collection ${JSON.stringify(collection)} is declared write-only: a handler may put its documents, not ${operation} them`);
    this.name = 'WriteOnlyCollectionError';
  }
}
