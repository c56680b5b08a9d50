import type { DocumentEntry, ReadModelReader } from '../../src/projection-engine/projection-definition';

const PAGE = 1000;

/** Every document under a prefix, read page by page so no single read pulls an unbounded list at once. */
export function* listAll<T>(reader: ReadModelReader, collection: string, keyPrefix: string): IterableIterator<DocumentEntry<T>> {
  let after: string | undefined;
  for (;;) {
    const page = reader.list<T>(collection, keyPrefix, after === undefined ? { limit: PAGE } : { after, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.key;
  }
}
