import { fold, type Decider, type DomainEvent } from '../domain/shared/decider';
import type { EventStore } from '../event-store/event-store.port';
import { toDomainEvent } from './event-mapping';

/** A stream's state with every event up to and including `revision` folded in. */
export interface FoldedStream<S> {
  state: S;
  /** Null: the stream has no events. */
  revision: bigint | null;
  /** Position of the event at `revision`; 0n when the stream has no events. */
  position: bigint;
}

type Evolving<S, E> = Pick<Decider<unknown, S, E>, 'initialState' | 'evolve' | 'immutableState'>;

interface Kept {
  decider: object;
  folded: FoldedStream<unknown>;
}

/** Events folded into the states kept, all streams together: bounds the memory they hold. */
export const DEFAULT_MAX_FOLDED_EVENTS = 250_000;

/**
 * States of recently used streams, each at the revision it was folded to, so the next command on a long stream
 * (a partner's account grows without end) reads and folds only the events appended since. A kept state is
 * valid whoever appended after it, in this process or another: streams are append-only, and whatever follows
 * `revision` is read from the store before the state is used.
 *
 * Least recently used first out, bounded by the events folded into the kept states; a stream with more events
 * than the bound is never kept. An evolve may update the state it is given in place (the account's does), so a
 * state is taken out while it is used and put back after: two commands on one stream never fold into the
 * same object (the second, finding nothing kept, reads the whole stream).
 */
export class StreamStateCache {
  private readonly kept = new Map<string, Kept>();
  private folded = 0;
  /** States asked for (`take`): found kept, or not (the stream is then read whole). For /metrics. */
  readonly reads = { kept: 0, whole: 0 };

  constructor(readonly maxFoldedEvents: number = DEFAULT_MAX_FOLDED_EVENTS) {}

  /** Removes and returns the state kept for the stream, if it was folded by this decider. */
  take<S>(streamId: string, decider: object): FoldedStream<S> | undefined {
    const kept = this.kept.get(streamId);
    if (kept !== undefined) this.drop(streamId, kept);
    if (kept === undefined || kept.decider !== decider) {
      this.reads.whole += 1;
      return undefined;
    }
    this.reads.kept += 1;
    return kept.folded as FoldedStream<S>;
  }

  /** Keeps a state for the stream, unless one of a later revision is kept already. */
  keep<S>(streamId: string, decider: object, folded: FoldedStream<S>): void {
    if (folded.revision === null) return;
    const weight = eventsIn(folded);
    if (weight > this.maxFoldedEvents) return;
    const current = this.kept.get(streamId);
    if (current !== undefined) {
      if (current.decider === decider && current.folded.revision !== null && current.folded.revision > folded.revision) return;
      this.drop(streamId, current);
    }
    this.kept.set(streamId, { decider, folded });
    this.folded += weight;
    for (const [oldest, kept] of this.kept) {
      if (this.folded <= this.maxFoldedEvents) break;
      this.drop(oldest, kept);
    }
  }

  get size(): number {
    return this.kept.size;
  }

  get foldedEvents(): number {
    return this.folded;
  }

  private drop(streamId: string, kept: Kept): void {
    this.kept.delete(streamId);
    this.folded -= eventsIn(kept.folded);
  }
}

function eventsIn(folded: FoldedStream<unknown>): number {
  return folded.revision === null ? 0 : Number(folded.revision) + 1;
}

const caches = new WeakMap<EventStore, StreamStateCache>();

/** The cache of one store, shared by every command and process manager that uses that store. */
export function stateCacheOf(store: EventStore): StreamStateCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new StreamStateCache();
    caches.set(store, cache);
  }
  return cache;
}

/** Gives the store a cache of its own bound (LEDGER_STATE_CACHE_EVENTS; 0 keeps nothing), dropping what was kept. */
export function boundStateCache(store: EventStore, maxFoldedEvents: number): void {
  caches.set(store, new StreamStateCache(maxFoldedEvents));
}

/**
 * Takes the stream's kept state (or starts from the decider's initial one), reads the events after it and
 * folds them in. The caller owns the state until it gives it back with `stateCacheOf(store).keep`, which it
 * may do only while the state still is what the stream held at `revision` (a decide never changes it).
 */
export async function foldStream<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Evolving<S, E>,
): Promise<FoldedStream<S>> {
  const kept = stateCacheOf(store).take<S>(streamId, decider);
  const from = kept?.revision == null ? 0n : kept.revision + 1n;
  const recorded = await store.readStream(streamId, { fromRevision: from });
  let state = kept === undefined ? decider.initialState : kept.state;
  let revision = kept?.revision ?? null;
  let position = kept?.position ?? 0n;
  for (const event of recorded) {
    if (event.revision !== (revision === null ? 0n : revision + 1n)) {
      throw new Error(`stream ${streamId}: read revision ${event.revision} after ${revision ?? 'none'}`);
    }
    state = decider.evolve(state, toDomainEvent<E>(event));
    revision = event.revision;
    position = event.position;
  }
  return { state, revision, position };
}

/**
 * Gives `use` the stream's current state and keeps the state for the next reader. `use` must be synchronous
 * and must not hold on to the state or anything mutable inside it: a later fold may update it in place
 * (unless the decider's state is immutable, when it may keep it but never change it).
 */
export async function withStreamState<S, E extends DomainEvent, T>(
  store: EventStore,
  streamId: string,
  decider: Evolving<S, E>,
  use: (state: S) => T,
): Promise<T> {
  const folded = await foldStream(store, streamId, decider);
  const result = use(folded.state);
  if (result instanceof Promise) throw new TypeError('withStreamState: use must be synchronous');
  stateCacheOf(store).keep(streamId, decider, folded);
  return result;
}

/**
 * The stream's state and revision, for a reader. A decider with an immutable state is served from the kept
 * states (only what was appended since is read) and its state kept for the next reader; any other gets a state
 * of its own, folded from the whole stream, which it may change.
 */
export async function loadFolded<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Evolving<S, E>,
): Promise<{ state: S; revision: bigint | null }> {
  if (decider.immutableState) {
    const folded = await foldStream(store, streamId, decider);
    stateCacheOf(store).keep(streamId, decider, folded);
    return { state: folded.state, revision: folded.revision };
  }
  const recorded = await store.readStream(streamId);
  return { state: fold(decider, recorded.map((r) => toDomainEvent<E>(r))), revision: recorded.at(-1)?.revision ?? null };
}

/** The state alone: what a process manager or handler passes into a command (see loadFolded). */
export async function loadState<S, E extends DomainEvent>(store: EventStore, streamId: string, decider: Evolving<S, E>): Promise<S> {
  return (await loadFolded(store, streamId, decider)).state;
}
