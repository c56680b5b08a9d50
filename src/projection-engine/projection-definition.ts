import type { Actor } from '../event-store/event-store.port';

/**
 * The contract between pure projection definitions (top-level `projections/`) and the engine that runs them.
 * A definition never sees SQL, files or clocks: it gets one event at a time and a document store.
 */

/** A stored event as a projection sees it: payload already upcast, its stream revision as a number. */
export interface ProjectionEvent<D = unknown> {
  type: string;
  /** Upcast to the current schema version. Shared between projections: never mutate it. */
  data: D;
  eventId: string;
  streamId: string;
  revision: number;
  /**
   * The exact $all position. A bigint: EventStoreDB's positions pass 2^53. JSON cannot hold one, so a document
   * stores it as a decimal string (`String(event.position)`) and a key as `padPosition(event.position)`.
   */
  position: bigint;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  hash: string;
  /** The caller's free-text "why", when given. */
  reason?: string;
}

/**
 * JSON documents keyed by (collection, key). A read model is not the ledger: overwriting is fine.
 *
 * Documents are shared, not copied: what `get` returns may be the engine's cached copy, seen again by later
 * events, and what `put` is given may be serialised at once. So never change a document `get` returned (copy
 * it, change the copy, put the copy), and never change a document after putting it.
 */
export interface ReadModelWriter {
  get<T>(collection: string, key: string): T | undefined;
  put(collection: string, key: string, doc: unknown): void;
  delete(collection: string, key: string): void;
}

export interface DocumentEntry<T = unknown> {
  key: string;
  doc: T;
}

export interface ListOptions {
  /** Only keys strictly greater than this one (for paging). */
  after?: string;
  limit?: number;
}

export interface ReadModelReader {
  get<T>(collection: string, key: string): T | undefined;
  /** Documents whose key starts with `keyPrefix`, ordered by key (code-point order). */
  list<T>(collection: string, keyPrefix: string, options?: ListOptions): DocumentEntry<T>[];
}

/**
 * How a collection's documents are kept. 'small': a few dozen bytes (a reference, an index entry, a counter),
 * kept inside their key's B-tree. 'large': the rest, stored apart from the index of their keys. 'write-only':
 * documents `handle` only ever puts, never reads back nor deletes (records, postings, index entries): kept as
 * 'large' ones, but a generation built from scratch by a writer that has the file to itself (catchUp(), a
 * replay) appends them without their key index and creates it in one sort once the build has caught up (a third
 * of the audit trail's rebuild went into that index). Queries read them as any other; a handler that gets or
 * deletes one fails.
 */
export type CollectionSize = 'small' | 'large' | 'write-only';

export const COLLECTION_SIZES: readonly CollectionSize[] = ['small', 'large', 'write-only'];

export interface ProjectionDefinition {
  /** Lower-case letters, digits and dashes; names the read model's tables. */
  readonly name: string;
  /** Bump it whenever `handle` changes what it writes: a changed version rebuilds the read model on start. */
  readonly version: number;
  readonly eventTypes: readonly string[];
  /**
   * Every collection `handle` writes and its documents' size. Each collection gets a table of its own; a
   * document put to a collection not named here is an error. Names: lower-case letters, digits and dashes.
   * Part of the fingerprint: a change rebuilds the read model.
   */
  readonly collections: Readonly<Record<string, CollectionSize>>;
  /** Settings that shape the read model; a change of them rebuilds it just like a version change. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /**
   * False when `handle` never looks at `event.data` (the audit trail keeps all but the payload). Bulk reads for
   * projections that all say so leave the payloads out, and their events then carry `data: undefined`.
   * Default true.
   */
  readonly readsData?: boolean;
  handle(event: ProjectionEvent, store: ReadModelWriter): void;
}

export const PROJECTION_NAME_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;
/** Collections are named like projections. */
export const COLLECTION_NAME_PATTERN = PROJECTION_NAME_PATTERN;
