import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
} from '../event-store.errors';
import type {
  AllFilter,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { computeEventHash } from '../hash-chain';
import { EsdbAllSource } from './esdb-all-source';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
} from './esdb-client';
import type { AllStreamResolvedEvent, JSONEventType, Position, WrongExpectedVersionError } from './esdb-client';
import { matchesAllFilter } from './esdb-filter';
import { classifyReplay } from './esdb-idempotency';
import {
  decodePosition,
  encodeMetadata,
  encodePosition,
  exactAppendRevision,
  isSystemEvent,
  isWrongExpectedVersion,
  satisfiesExpectedRevision,
  toConcurrencyError,
  toEsdbEventId,
  toRecordedEvent,
  toStoredJson,
} from './esdb-mapping';
import { KnownStream, StreamIdIndex } from './esdb-stream-index';
import { KeyedMutex } from '../../application/keyed-mutex';
import { DEFAULT_RESUBSCRIBE_OPTIONS, ResubscribingSubscription } from './resubscribing-subscription';

export interface EsdbEventStoreOptions {
  /** How often each subscription checks it still receives what it should. Default 10 s. */
  livenessIntervalMs?: number;
  /** Resubscriptions in a row that receive nothing before a subscription gives up. Default 100. */
  maxConsecutiveSubscriptionFailures?: number;
  /** Event ids kept in memory for idempotency checks without re-reading whole streams. Default 100 000. */
  maxIndexedEventIds?: number;
  /** Appends retried after losing a race to another writer (only when the caller's expectation still holds). */
  maxAppendAttempts?: number;
  /** Where resubscriptions and similar recoveries are reported. Default: a Node process warning (stderr). */
  onWarning?: (message: string, error?: unknown) => void;
  /** The clock for `recordedAt`. */
  now?: () => Date;
}

interface PreparedEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** Raw `$all` events read per round trip when no smaller limit applies. */
const ALL_PAGE_SIZE = 500;
/** How far the liveness probe looks for an event the subscription should have delivered. */
const PROBE_SCAN_LIMIT = 2_000;

/** Stream reads readStreams keeps in flight at once. */
const STREAM_READS_IN_FLIGHT = 16;

/**
 * The event store port on EventStoreDB / KurrentDB.
 *
 * - Each event's ESDB metadata carries the ledger's metadata plus eventId, recordedAt and the chained hash.
 * - An append reads the stream's tail first (hash chain, idempotency, the caller's expected revision) and
 *   then appends with that exact revision, so ESDB refuses it if anyone wrote in between; the adapter then
 *   re-reads and decides again.
 * - Idempotency does not rest on ESDB's best-effort de-duplication: the adapter knows every id of the
 *   stream it appends to (esdb-stream-index.ts keeps recently used streams, so only new events are read).
 * - `$all` positions are one bigint per event, see esdb-mapping.ts. System events never come out.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;

  private readonly index: StreamIdIndex;
  private readonly locks = new KeyedMutex();
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private readonly maxAppendAttempts: number;
  private readonly now: () => Date;
  private lastRecordedAt = 0;
  private closed = false;

  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.index = new StreamIdIndex(options.maxIndexedEventIds ?? 100_000);
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 5);
    this.now = options.now ?? (() => new Date());
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const batch = prepareBatch(streamId, events, expected);
    return this.locks.run(streamId, () => this.appendInTurn(streamId, batch, expected));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const events = await this.readStreamRaw(streamId, {
      direction,
      fromRevision: options.fromRevision,
      maxCount: options.maxCount,
    });
    const wholeStream = direction === 'forwards' && (options.fromRevision ?? 0n) === 0n && options.maxCount === undefined;
    // A command handler reads the whole stream before appending; keeping its ids makes that append cheap.
    if (wholeStream) {
      const known = new KnownStream();
      if (known.extend(events)) this.index.keep(streamId, known);
    }
    return events;
  }

  /** Reads in flight side by side over the client's one connection, a few at a time. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const found = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    const unique = [...found.keys()];
    for (let i = 0; i < unique.length; i += STREAM_READS_IN_FLIGHT) {
      const chunk = unique.slice(i, i + STREAM_READS_IN_FLIGHT);
      const read = await Promise.all(chunk.map((id) => this.readStreamRaw(id, { direction: 'forwards' })));
      chunk.forEach((id, k) => found.set(id, read[k]!));
    }
    return found;
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const [last] = await this.readStreamRaw(streamId, { direction: 'backwards', maxCount: 1 });
    return last === undefined ? null : last.revision;
  }

  /** From the ids the adapter keeps for the stream: only the events after its kept tail are read. */
  async eventRevision(streamId: string, eventId: string): Promise<bigint | null> {
    const known = await this.syncStream(streamId);
    return known.ids.get(eventId)?.revision ?? null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.scanAll(options.after ?? 0n, options.maxCount, options.filter, undefined);
  }

  async headPosition(): Promise<bigint> {
    let from: typeof END | Position = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: 100 }),
      );
      for (const resolved of page) {
        const event = resolved.event;
        if (event !== undefined && !isSystemEvent(event.type, event.streamId)) return encodePosition(event.position);
      }
      const last = page[page.length - 1]?.event;
      if (page.length < 100 || last === undefined) return 0n;
      from = last.position;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the EventStoreDB event store is closed');
    const source = new EsdbAllSource(
      this.client,
      {
        headPosition: () => this.headPosition(),
        firstMatchAfter: async (after, filter) => {
          const [first] = await this.scanAll(after, 1, filter, PROBE_SCAN_LIMIT);
          return first === undefined ? null : first.position;
        },
      },
      options.filter,
      Math.max(16, options.batchSize ?? 100),
    );
    const subscription = new ResubscribingSubscription(source, options, {
      ...DEFAULT_RESUBSCRIBE_OPTIONS,
      livenessIntervalMs: this.options.livenessIntervalMs ?? DEFAULT_RESUBSCRIBE_OPTIONS.livenessIntervalMs,
      maxConsecutiveFailures:
        this.options.maxConsecutiveSubscriptionFailures ?? DEFAULT_RESUBSCRIBE_OPTIONS.maxConsecutiveFailures,
      onWarning: this.options.onWarning ?? warnOnStderr,
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async ping(): Promise<boolean> {
    try {
      await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: 5_000 }));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  // -------------------------------------------------------------------------------------------------------

  private async appendInTurn(
    streamId: string,
    batch: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const eventIds = batch.map((event) => event.eventId);
    let lostRace: WrongExpectedVersionError | undefined;
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt += 1) {
      const known = await this.syncStream(streamId);

      // A replay is answered before the expected revision is checked: a retry must succeed even after the
      // stream has moved on.
      const verdict = classifyReplay(streamId, eventIds, (id) => known.ids.get(id) ?? this.index.locate(id));
      if (verdict.kind === 'replay') {
        return { streamId, revision: verdict.last.revision, position: verdict.last.position, eventIds, duplicate: true };
      }
      if (verdict.kind === 'conflict') throw new DuplicateEventIdError(streamId, eventIds, verdict.detail);
      if (!satisfiesExpectedRevision(expected, known.revision)) {
        throw new ConcurrencyError(streamId, expected, known.revision);
      }

      const recordedAt = this.recordedAt();
      let previousHash = known.hash;
      const proposed = batch.map((event) => {
        const hash = computeEventHash({ ...event, recordedAt }, previousHash);
        previousHash = hash;
        return jsonEvent<JSONEventType>({
          id: toEsdbEventId(event.eventId),
          type: event.type,
          data: event.data as JSONEventType['data'],
          metadata: encodeMetadata({ eventId: event.eventId, metadata: event.metadata, recordedAt, hash }),
        });
      });
      try {
        await this.client.appendToStream(streamId, proposed, { expectedRevision: exactAppendRevision(known.revision) });
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        // Another writer got in between the read and the append: read again and decide again.
        lostRace = error;
        continue;
      }

      const firstRevision = known.revision === null ? 0n : known.revision + 1n;
      const stored = await this.readStreamRaw(streamId, {
        direction: 'forwards',
        fromRevision: firstRevision,
        maxCount: batch.length,
      });
      if (stored.length !== batch.length || stored.some((event, i) => event.eventId !== eventIds[i])) {
        throw new Error(`stream ${streamId}: the events read back after the append are not the ones appended`);
      }
      this.index.extend(streamId, stored);
      const last = stored[stored.length - 1]!;
      return { streamId, revision: last.revision, position: last.position, eventIds, duplicate: false };
    }
    throw toConcurrencyError(lostRace!, streamId, expected);
  }

  /** The stream as known from revision 0 up to its current tail, reading only what the index lacks. */
  private async syncStream(streamId: string): Promise<KnownStream> {
    const kept = this.index.get(streamId);
    if (kept !== undefined) {
      const from = kept.revision === null ? 0n : kept.revision + 1n;
      const fresh = await this.readStreamRaw(streamId, { direction: 'forwards', fromRevision: from });
      if (this.index.extend(streamId, fresh)) return kept;
    }
    const known = KnownStream.fromStart(await this.readStreamRaw(streamId, { direction: 'forwards' }));
    this.index.keep(streamId, known);
    return known;
  }

  private async readStreamRaw(
    streamId: string,
    options: { direction: 'forwards' | 'backwards'; fromRevision?: bigint | undefined; maxCount?: number | undefined },
  ): Promise<RecordedEvent[]> {
    const forwards = options.direction === 'forwards';
    try {
      const read = this.client.readStream(streamId, {
        direction: forwards ? FORWARDS : BACKWARDS,
        fromRevision: options.fromRevision ?? (forwards ? START : END),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      return (await collect(read)).map(toRecordedEvent);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /**
   * `$all` after a position (exclusive), system events and non-matching events skipped on the client
   * (this client version cannot filter reads on the server). `scanLimit` bounds the raw events looked at.
   */
  private async scanAll(
    after: bigint,
    maxCount: number | undefined,
    filter: AllFilter | undefined,
    scanLimit: number | undefined,
  ): Promise<RecordedEvent[]> {
    const wanted = maxCount ?? Number.POSITIVE_INFINITY;
    if (wanted <= 0) return [];
    // ESDB's read position is inclusive: one extra for the event at `after` itself.
    const pageSize = filter === undefined && Number.isFinite(wanted) ? Math.min(ALL_PAGE_SIZE, wanted + 1) : ALL_PAGE_SIZE;
    const out: RecordedEvent[] = [];
    let from: typeof START | Position = after === 0n ? START : decodePosition(after);
    let seen = after;
    let scanned = 0;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ fromPosition: from, maxCount: pageSize }));
      let progressed = false;
      for (const resolved of page) {
        const event = resolved.event;
        if (event === undefined) continue;
        const position = encodePosition(event.position);
        if (position <= seen) continue;
        seen = position;
        progressed = true;
        scanned += 1;
        if (!matchesAllFilter(event.type, event.streamId, filter)) continue;
        out.push(toRecordedEvent(resolved));
        if (out.length >= wanted) return out;
      }
      const last = page[page.length - 1]?.event;
      if (page.length < pageSize || !progressed || last === undefined) return out;
      if (scanLimit !== undefined && scanned >= scanLimit) return out;
      from = last.position;
    }
  }

  /**
   * Wall-clock time that never steps back within this process, so a clock adjustment cannot make a later
   * append look recorded earlier. It is stamped before the write (the hash covers it), so appends racing
   * from several streams or processes may reach `$all` a few milliseconds out of recordedAt order.
   */
  private recordedAt(): string {
    const now = Math.max(this.now().getTime(), this.lastRecordedAt);
    this.lastRecordedAt = now;
    return new Date(now).toISOString();
  }
}

/** A recovery nobody hears about hides a sick connection: report it somewhere unless told where. */
function warnOnStderr(message: string, error?: unknown): void {
  process.emitWarning(error === undefined ? message : `${message}: ${String(error)}`, 'EsdbEventStoreWarning');
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

/** Refuses input no store state could make valid, mirroring the SQLite adapter's rules. */
function prepareBatch(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): PreparedEvent[] {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError('stream id must be a non-empty string');
  }
  if (streamId.startsWith('$')) {
    throw new InvalidAppendError(`stream ${streamId}: names starting with $ are EventStoreDB system streams`);
  }
  if (!(expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' || (typeof expected === 'bigint' && expected >= 0n))) {
    throw new InvalidAppendError(`stream ${streamId}: invalid expected revision ${String(expected)}`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: an append needs at least one event`);
  }
  const seen = new Set<string>();
  return events.map((event) => {
    const { eventId, type } = event ?? {};
    if (typeof eventId !== 'string' || eventId.length === 0) {
      throw new InvalidAppendError(`stream ${streamId}: every event needs a non-empty eventId`);
    }
    if (seen.has(eventId)) {
      throw new DuplicateEventIdError(streamId, [eventId], `event id ${eventId} appears twice in one append`);
    }
    seen.add(eventId);
    if (typeof type !== 'string' || type.length === 0 || type.startsWith('$')) {
      throw new InvalidAppendError(`stream ${streamId}: event ${eventId} needs a non-empty type not starting with $`);
    }
    if (event.metadata === null || typeof event.metadata !== 'object' || Array.isArray(event.metadata)) {
      throw new InvalidAppendError(`stream ${streamId}: event ${eventId} needs a metadata object`);
    }
    return {
      eventId,
      type,
      data: toStoredJson(event.data, `stream ${streamId}: data of event ${eventId}`),
      metadata: toStoredJson(event.metadata, `stream ${streamId}: metadata of event ${eventId}`) as EventMetadata,
    };
  });
}
