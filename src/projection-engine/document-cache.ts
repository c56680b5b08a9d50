/** Marks a key the table does not hold (a deleted or never-written document). */
export const ABSENT: unique symbol = Symbol('absent');

/**
 * The committed state of the documents a projection keeps coming back to (period totals, leaderboard rows,
 * balances), kept across batches so they are not read and parsed again from SQLite every batch. It only ever
 * holds what has been committed: a batch's changes enter it after the batch's transaction commits, so a failed
 * batch or a failed transaction cannot leave a document here that the table does not have.
 *
 * Bounded, so memory stays flat however long the replay. One Map per collection (keys are looked up as they
 * come, without building a composite key); eviction takes the oldest tenth of the largest collection. A write
 * re-inserts, so the documents written every batch (the hot ones) are never the oldest; a hit on read does
 * not reorder, which keeps it as cheap as a Map lookup.
 */
export class DocumentCache {
  private readonly collections = new Map<string, Map<string, unknown>>();
  private total = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.total;
  }

  /** The cached document, or undefined when the key is not cached. */
  get(collection: string, key: string): unknown {
    return this.collections.get(collection)?.get(key);
  }

  has(collection: string, key: string): boolean {
    return this.collections.get(collection)?.has(key) ?? false;
  }

  /** True when some document of the collection is cached: a writer that knows none is can skip deletes. */
  holds(collection: string): boolean {
    const entries = this.collections.get(collection);
    return entries !== undefined && entries.size > 0;
  }

  set(collection: string, key: string, doc: unknown): void {
    let entries = this.collections.get(collection);
    if (entries === undefined) {
      entries = new Map();
      this.collections.set(collection, entries);
    }
    if (entries.delete(key)) this.total--;
    entries.set(key, doc);
    if (++this.total > this.capacity) this.evict();
  }

  delete(collection: string, key: string): void {
    if (this.collections.get(collection)?.delete(key)) this.total--;
  }

  clear(): void {
    this.collections.clear();
    this.total = 0;
  }

  private evict(): void {
    let largest: Map<string, unknown> | undefined;
    for (const entries of this.collections.values()) if (!largest || entries.size > largest.size) largest = entries;
    let left = Math.max(1, Math.floor(this.capacity / 10));
    for (const key of largest!.keys()) {
      if (left-- <= 0) break;
      largest!.delete(key);
      this.total--;
    }
  }
}
