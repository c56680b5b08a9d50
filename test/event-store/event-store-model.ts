import type { ExpectedRevision } from '../../src/event-store/event-store.port';

/** The reference the property test holds an adapter to: the contract's append rules, with nothing else. */
export interface ModelEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: bigint;
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
