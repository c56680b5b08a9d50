import type { ExpectedRevision } from '../../src/event-store/event-store.port';

/** The reference the property test holds an adapter to: the contract's append rules, with nothing else. */
export interface ModelEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: bigint;
}

export interface ModelReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ModelReadAllOptions {
  maxCount?: number;
  /** Non-empty lists only: the adapters disagree on what an empty list means. */
  filter?: { eventTypes?: readonly string[]; streamPrefixes?: readonly string[] };
}

export type ModelOutcome =
  | { kind: 'appended'; revision: bigint }
  | { kind: 'replayed'; revision: bigint; lastEventId: string }
  /**
   * An append that reuses ids AND fails its expected revision may be refused for either reason: the
   * contract does not rank the two checks, so both adapters stay free to check in their own order.
   */
  | { kind: 'refused'; duplicateIds: boolean; concurrency: boolean; actual: bigint | null };

export class EventStoreModel {
  readonly all: ModelEvent[] = [];
  private readonly streams = new Map<string, ModelEvent[]>();
  private readonly byId = new Map<string, ModelEvent>();

  revision(streamId: string): bigint | null {
    const events = this.streams.get(streamId);
    return events && events.length > 0 ? events[events.length - 1]!.revision : null;
  }

  stream(streamId: string): ModelEvent[] {
    return this.streams.get(streamId) ?? [];
  }

  streamIds(): string[] {
    return [...this.streams.keys()];
  }

  /** `readStream` as the port defines it: fromRevision inclusive, defaulting to the start or the end. */
  readStream(streamId: string, options: ModelReadStreamOptions = {}): ModelEvent[] {
    const events = this.stream(streamId);
    const selected =
      options.direction === 'backwards'
        ? events.filter((e) => options.fromRevision === undefined || e.revision <= options.fromRevision).reverse()
        : events.filter((e) => e.revision >= (options.fromRevision ?? 0n));
    return options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
  }

  /**
   * `readAll` after the event with id `afterEventId` (exclusive; undefined: from the start of the model's
   * log), filtered like the port's AllFilter: types and prefixes combine with AND, any entry of a list matches.
   */
  readAll(afterEventId: string | undefined, options: ModelReadAllOptions = {}): ModelEvent[] {
    const start = afterEventId === undefined ? 0 : this.all.findIndex((e) => e.eventId === afterEventId) + 1;
    if (afterEventId !== undefined && start === 0) throw new Error(`the model holds no event ${afterEventId}`);
    const { eventTypes, streamPrefixes } = options.filter ?? {};
    const selected = this.all
      .slice(start)
      .filter((e) => eventTypes === undefined || eventTypes.includes(e.type))
      .filter((e) => streamPrefixes === undefined || streamPrefixes.some((prefix) => e.streamId.startsWith(prefix)));
    return options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
  }

  append(streamId: string, events: { eventId: string; type: string }[], expected: ExpectedRevision): ModelOutcome {
    const ids = events.map((event) => event.eventId);
    const first = this.byId.get(ids[0]!);
    if (first) {
      const exactReplay = ids.every((id, i) => {
        const stored = this.byId.get(id);
        return stored !== undefined && stored.streamId === streamId && stored.revision === first.revision + BigInt(i);
      });
      if (exactReplay) {
        const last = this.byId.get(ids[ids.length - 1]!)!;
        return { kind: 'replayed', revision: last.revision, lastEventId: last.eventId };
      }
    }
    const actual = this.revision(streamId);
    const duplicateIds = ids.some((id) => this.byId.has(id));
    const concurrency = !satisfies(expected, actual);
    if (duplicateIds || concurrency) return { kind: 'refused', duplicateIds, concurrency, actual };

    let revision = actual ?? -1n;
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    for (const event of events) {
      revision += 1n;
      const stored: ModelEvent = { eventId: event.eventId, type: event.type, streamId, revision };
      stream.push(stored);
      this.all.push(stored);
      this.byId.set(event.eventId, stored);
    }
    return { kind: 'appended', revision };
  }
}

function satisfies(expected: ExpectedRevision, actual: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === null;
  if (expected === 'stream_exists') return actual !== null;
  return actual === expected;
}
