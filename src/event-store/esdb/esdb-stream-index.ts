import { GENESIS_HASH } from '../hash-chain';
import type { RecordedEvent } from '../event-store.port';
import type { StoredEventRef } from './esdb-idempotency';

/**
 * What the adapter knows of one stream from revision 0 to its tail: every event id (for idempotency)
 * and the tail's revision and hash (for the hash chain).
 */
export class KnownStream {
  revision: bigint | null = null;
  hash = GENESIS_HASH;
  readonly ids = new Map<string, StoredEventRef>();

  static fromStart(events: readonly RecordedEvent[]): KnownStream {
    const known = new KnownStream();
    if (!known.extend(events)) throw new RangeError('events read from the start of a stream must begin at revision 0');
    return known;
  }

  /**
   * Appends events read after the tail; events it already holds are skipped (a concurrent whole-stream read
   * may have seen them first). False (and unchanged) when the rest does not continue the tail.
   */
  extend(read: readonly RecordedEvent[]): boolean {
    const tail = this.revision;
    const events = tail === null ? read : read.filter((event) => event.revision > tail);
    let expected = tail === null ? 0n : tail + 1n;
    for (const event of events) {
      if (event.revision !== expected) return false;
      expected += 1n;
    }
    for (const event of events) {
      this.ids.set(event.eventId, { streamId: event.streamId, revision: event.revision, position: event.position });
    }
    const last = events[events.length - 1];
    if (last !== undefined) {
      this.revision = last.revision;
      this.hash = last.hash;
    }
    return true;
  }
}

/**
 * A bounded, least-recently-used set of KnownStreams, so an append to a stream seen before only reads the
 * events after the known tail instead of the whole stream. Memory is capped by the total number of ids; a
 * stream larger than the cap is simply not kept (every append to it reads it whole).
 *
 * Also answers "which stream holds this id" for the streams it keeps: a best-effort cross-stream check,
 * since ESDB has no index by event id.
 */
export class StreamIdIndex {
  private readonly streams = new Map<string, KnownStream>();
  private readonly owners = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxIds: number) {}

  get(streamId: string): KnownStream | undefined {
    const known = this.streams.get(streamId);
    if (known !== undefined) {
      this.streams.delete(streamId);
      this.streams.set(streamId, known);
    }
    return known;
  }

  /** Keeps a stream known from revision 0 (replacing what was kept). */
  keep(streamId: string, known: KnownStream): void {
    this.forget(streamId);
    if (known.ids.size > this.maxIds) return;
    this.streams.set(streamId, known);
    for (const eventId of known.ids.keys()) this.owners.set(eventId, streamId);
    this.size += known.ids.size;
    this.evict(streamId);
  }

  /**
   * Events just read or written after the kept tail. True when the kept copy now includes them; false when
   * the stream is not kept, or when they leave a gap (the kept copy was stale, so it is dropped).
   */
  extend(streamId: string, events: readonly RecordedEvent[]): boolean {
    const known = this.streams.get(streamId);
    if (known === undefined) return false;
    const before = known.ids.size;
    if (!known.extend(events)) {
      this.forget(streamId);
      return false;
    }
    for (const event of events) this.owners.set(event.eventId, streamId);
    this.size += known.ids.size - before;
    this.evict(streamId);
    return true;
  }

  /** Where a kept stream stores this id, if any kept stream does. */
  locate(eventId: string): StoredEventRef | undefined {
    const streamId = this.owners.get(eventId);
    return streamId === undefined ? undefined : this.streams.get(streamId)?.ids.get(eventId);
  }

  forget(streamId: string): void {
    const known = this.streams.get(streamId);
    if (known === undefined) return;
    this.streams.delete(streamId);
    for (const eventId of known.ids.keys()) {
      if (this.owners.get(eventId) === streamId) this.owners.delete(eventId);
    }
    this.size -= known.ids.size;
  }

  private evict(keep: string): void {
    for (const streamId of this.streams.keys()) {
      if (this.size <= this.maxIds) return;
      if (streamId !== keep) this.forget(streamId);
    }
    if (this.size > this.maxIds) this.forget(keep);
  }
}
