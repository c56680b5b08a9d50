/**
 * The event store port: the one contract both adapters (embedded SQLite, EventStoreDB) honour and the
 * contract test suite (test/event-store/contract-suite.ts) holds them to. Append-only: there is no delete
 * or update anywhere in this interface, on purpose.
 *
 * Revisions are 0-based per stream. Positions are global, strictly increasing in `$all` order, and start
 * at 1 (0 means "before the first event", the checkpoint of a consumer that has read nothing).
 */

export interface Actor {
  principalId: string;
  role: string;
}

/** Metadata the caller supplies; the store adds `recordedAt`, revision, position and hash. */
export interface EventMetadata {
  /** Business time (ISO 8601 UTC), given by the caller. */
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  /** The event or command id that caused this event; null for a command straight from a person. */
  causationId: string | null;
  schemaVersion: number;
  /** Free text from the caller ("why"), kept for the auditor. */
  reason?: string;
}

export interface NewEvent<D = unknown> {
  /** Globally unique; re-appending the same ids to the same stream is an idempotent no-op. */
  eventId: string;
  type: string;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<D = unknown> extends NewEvent<D> {
  streamId: string;
  revision: bigint;
  position: bigint;
  /** When the ledger stored it (ISO 8601 UTC), set by the store, never by the caller. */
  recordedAt: string;
  /** SHA-256 (hex) chained to the previous event of the same stream; see hash-chain.ts. */
  hash: string;
}

/**
 * - `any`: append whatever the stream's state;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a bigint: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendResult {
  streamId: string;
  /** Revision of the last event appended (or of the last event of the original append, on a replay). */
  revision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
  eventIds: string[];
  /** True when every event id was already stored by an earlier identical append: nothing was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

/** Types and prefixes combine with AND; within a list any entry matches; an absent or empty list does not filter. */
export interface AllFilter {
  eventTypes?: readonly string[];
  /** e.g. ['account-', 'payout-'] */
  streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Defaults to 0n (from the beginning). */
  after?: bigint;
  maxCount?: number;
  filter?: AllFilter;
  /**
   * false: the store may leave each event's `data` out (undefined), neither reading nor decoding it, for a
   * reader that needs only the envelope and the metadata (the audit trail's rebuild). Default true.
   */
  withData?: boolean;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the subscription delivers events with position > after. */
  after: bigint;
  filter?: AllFilter;
  /** Upper bound on events delivered in one call of `onEvents`. */
  batchSize?: number;
  /**
   * Called with consecutive batches in `$all` order, never concurrently: the next batch is not read until
   * the promise resolves, so a slow consumer is never overrun. A rejection stops the subscription with
   * that error (surfaced through `Subscription.done`).
   */
  onEvents: (events: RecordedEvent[]) => Promise<void> | void;
}

export interface Subscription {
  /** Position of the last event handed to `onEvents` and acknowledged (its promise resolved). */
  readonly position: bigint;
  /** True once caught up with the head at least once (the subscription has turned live). */
  readonly isLive: boolean;
  /** head position − acknowledged position. */
  lag(): Promise<bigint>;
  stop(): Promise<void>;
  /** Resolves when stopped, rejects with the consumer's or the store's error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'esdb';
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several whole streams at once (an auditor's explanation reads a hundred short ones): each stream id
   * asked for maps to its events in revision order, [] for a stream without events.
   */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Revision of the stream's last event, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<bigint | null>;
  /**
   * Revision of the event with this id in this stream, or null when the stream does not hold it (an id
   * stored in another stream is not this stream's). A command with a natural key asks this instead of
   * reading its whole stream to find out whether it is a retry.
   */
  eventRevision(streamId: string, eventId: string): Promise<bigint | null>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in `$all`, 0n when empty. */
  headPosition(): Promise<bigint>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Reachability, for /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
