import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { StreamNotFoundError, WrongExpectedVersionError } from '../../src/event-store/esdb/esdb-client';
import type {
  AppendExpectedRevision,
  EventStoreDBClient,
  Filter,
  Position,
} from '../../src/event-store/esdb/esdb-client';

/**
 * An in-memory stand-in for the slice of EventStoreDB's gRPC client the adapter uses, with the server's
 * documented semantics: 0-based revisions, expected-revision checks raising WrongExpectedVersionError,
 * StreamNotFoundError on reading a missing stream, byte-offset `$all` positions with commit == prepare
 * per event, inclusive forward / exclusive backward `$all` reads, exclusive subscription start, a
 * caught-up signal, server-side filters, UUID-only event ids, and system events mixed into `$all`.
 *
 * It lets the adapter's own logic run the whole contract suite on a machine without Docker. It is not
 * EventStoreDB: the real server is exercised by esdb-event-store.test.ts wherever Docker exists.
 */

interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  revision: bigint;
  position: Position;
  created: Date;
}

interface LiveSubscription {
  readable: Readable;
  matches: (record: StoredRecord) => boolean;
}

interface ProposedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export class FakeEsdbServer {
  readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly live = new Set<LiveSubscription>();
  private nextOffset = 0n;
  private userAppends = 0;
  /** Runs once, inside the next append to the stream, before its expected revision is checked (a racing writer). */
  private readonly interceptors = new Map<string, () => Promise<void>>();

  constructor() {
    this.write('$epoch-information', [{ id: randomUUID(), type: '$epoch-information', data: {} }]);
    this.write('$$$settings', [{ id: randomUUID(), type: '$metadata', data: {} }]);
  }

  client(): EventStoreDBClient {
    return new FakeEsdbClient(this) as unknown as EventStoreDBClient;
  }

  beforeNextAppend(streamId: string, action: () => Promise<void>): void {
    this.interceptors.set(streamId, action);
  }

  async intercept(streamId: string): Promise<void> {
    const action = this.interceptors.get(streamId);
    if (action === undefined) return;
    this.interceptors.delete(streamId);
    await action();
  }

  appendNow(streamId: string, events: ProposedEvent[], expected: AppendExpectedRevision): void {
    const records = this.streams.get(streamId) ?? [];
    const current = records.length === 0 ? 'no_stream' : records[records.length - 1]!.revision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      expected === current;
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
    for (const event of events) {
      if (!UUID.test(event.id)) throw new Error(`invalid event id ${event.id}: the server requires a UUID`);
    }
    this.write(streamId, events);
    // The server writes its own events now and then; they must never reach the ledger.
    this.userAppends += 1;
    if (this.userAppends % 5 === 0) this.write('$stats-node', [{ id: randomUUID(), type: '$statsCollected', data: {} }]);
  }

  /** Changes the stored data of one event in place, as someone with access to the database files could. */
  tamper(streamId: string, revision: bigint): void {
    const record = this.streams.get(streamId)?.find((r) => r.revision === revision);
    if (record === undefined) throw new Error(`no event ${streamId}@${revision}`);
    record.data = { ...(record.data as object), tampered: true };
  }

  stream(streamId: string): StoredRecord[] | undefined {
    return this.streams.get(streamId);
  }

  subscribe(after: Position | 'start', matches: (record: StoredRecord) => boolean): LiveSubscription {
    const subscription: LiveSubscription = { readable: new Readable({ objectMode: true, read: () => undefined }), matches };
    for (const record of this.all) {
      if ((after === 'start' || comparePositions(record.position, after) > 0) && matches(record)) {
        subscription.readable.push(resolved(record));
      }
    }
    this.live.add(subscription);
    return subscription;
  }

  unsubscribe(subscription: LiveSubscription): void {
    this.live.delete(subscription);
    subscription.readable.destroy();
  }

  private write(streamId: string, events: ProposedEvent[]): void {
    const records = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, records);
    for (const event of events) {
      const offset = this.nextOffset;
      // JSON in, JSON out: what the gRPC wire does to data and metadata.
      const record: StoredRecord = {
        streamId,
        id: event.id.toLowerCase(),
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)) as unknown,
        metadata: event.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(event.metadata)) as unknown),
        revision: BigInt(records.length),
        position: { commit: offset, prepare: offset },
        created: new Date(),
      };
      this.nextOffset += 120n + BigInt(JSON.stringify(event.data).length);
      records.push(record);
      this.all.push(record);
      for (const subscription of this.live) {
        if (subscription.matches(record)) subscription.readable.push(resolved(record));
      }
    }
  }
}

function resolved(record: StoredRecord) {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: record.created,
      data: structuredClone(record.data),
      metadata: structuredClone(record.metadata),
      position: record.position,
    },
    commitPosition: record.position.commit,
  };
}

function readable<T>(produce: () => T[]): Readable {
  return Readable.from(
    (async function* () {
      await new Promise((resolve) => setImmediate(resolve));
      yield* produce();
    })(),
  );
}

function filterPredicate(filter: Filter | undefined): (record: StoredRecord) => boolean {
  if (filter === undefined) return () => true;
  return (record) => {
    const subject = filter.filterOn === 'eventType' ? record.type : record.streamId;
    if ('regex' in filter) return new RegExp(filter.regex).test(subject);
    return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  };
}

class FakeEsdbClient {
  private readonly subscriptions = new Set<LiveSubscription>();

  constructor(private readonly server: FakeEsdbServer) {}

  async appendToStream(
    streamName: string,
    events: ProposedEvent | ProposedEvent[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ) {
    await new Promise((resolve) => setImmediate(resolve));
    await this.server.intercept(streamName);
    this.server.appendNow(streamName, Array.isArray(events) ? events : [events], options.expectedRevision ?? 'any');
    const records = this.server.stream(streamName)!;
    const last = records[records.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(
    streamName: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: 'start' | 'end' | bigint; maxCount?: number } = {},
  ): Readable {
    return readable(() => {
      const records = this.server.stream(streamName);
      if (records === undefined) throw new StreamNotFoundError(undefined, streamName);
      const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
      const from = options.fromRevision;
      if (options.direction === 'backwards') {
        const last = from === undefined || from === 'end' ? records.length - 1 : Math.min(Number(from), records.length - 1);
        return records.slice(0, last + 1).reverse().slice(0, maxCount).map(resolved);
      }
      const first = from === undefined || from === 'start' ? 0 : Number(from);
      return records.slice(first, first + maxCount).map(resolved);
    });
  }

  readAll(
    options: { direction?: 'forwards' | 'backwards'; fromPosition?: 'start' | 'end' | Position; maxCount?: number } = {},
  ): Readable {
    return readable(() => {
      const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
      const from = options.fromPosition;
      if (options.direction === 'backwards') {
        const before = this.server.all.filter(
          (r) => from === undefined || from === 'end' || (from !== 'start' && comparePositions(r.position, from) < 0),
        );
        return before.reverse().slice(0, maxCount).map(resolved);
      }
      const after = this.server.all.filter(
        (r) => from === undefined || from === 'start' || (from !== 'end' && comparePositions(r.position, from) >= 0),
      );
      return after.slice(0, maxCount).map(resolved);
    });
  }

  subscribeToAll(options: { fromPosition?: 'start' | Position; filter?: Filter } = {}) {
    const subscription = this.server.subscribe(options.fromPosition ?? 'start', filterPredicate(options.filter));
    this.subscriptions.add(subscription);
    const stream = subscription.readable as Readable & { unsubscribe(): Promise<void> };
    stream.unsubscribe = async () => {
      this.subscriptions.delete(subscription);
      this.server.unsubscribe(subscription);
    };
    setImmediate(() => stream.emit('caughtUp'));
    return stream;
  }

  async dispose(): Promise<void> {
    for (const subscription of this.subscriptions) this.server.unsubscribe(subscription);
    this.subscriptions.clear();
  }
}
