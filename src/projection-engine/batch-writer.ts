import type { DocumentTable } from './document-table';
import type { ReadModelWriter } from './projection-definition';

interface CachedDocument {
  collection: string;
  key: string;
  /** undefined: absent (never stored, or deleted in this batch). */
  doc: unknown;
  dirty: boolean;
}

/**
 * The writer a definition sees during one batch: documents it touches stay in memory until the batch commits,
 * so a document changed by a thousand events of one batch is read once and written once. The cache dies with
 * the batch, which keeps memory flat however long the replay.
 */
export class BatchWriter implements ReadModelWriter {
  private readonly cache = new Map<string, CachedDocument>();

  constructor(private readonly table: DocumentTable) {}

  get<T>(collection: string, key: string): T | undefined {
    const id = `${collection}\u0000${key}`;
    const cached = this.cache.get(id);
    if (cached) return cached.doc as T | undefined;
    const doc = this.table.get<T>(collection, key);
    this.cache.set(id, { collection, key, doc, dirty: false });
    return doc;
  }

  put(collection: string, key: string, doc: unknown): void {
    if (doc === undefined) throw new TypeError(`put ${collection}/${key}: a document cannot be undefined (use delete)`);
    this.cache.set(`${collection}\u0000${key}`, { collection, key, doc, dirty: true });
  }

  delete(collection: string, key: string): void {
    this.cache.set(`${collection}\u0000${key}`, { collection, key, doc: undefined, dirty: true });
  }

  /** Writes every changed document; the caller runs it inside the batch's transaction. */
  flush(): number {
    let written = 0;
    for (const entry of this.cache.values()) {
      if (!entry.dirty) continue;
      if (entry.doc === undefined) this.table.delete(entry.collection, entry.key);
      else this.table.upsertJson(entry.collection, entry.key, JSON.stringify(entry.doc));
      written++;
    }
    this.cache.clear();
    return written;
  }

  discard(): void {
    this.cache.clear();
  }
}
