import { createHash } from 'node:crypto';
import { ConcurrencyError, InvalidAppendError } from '../event-store.errors';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '../event-store.port';
import { WrongExpectedVersionError } from './esdb-client';
import type { AllStreamResolvedEvent, AppendExpectedRevision, CurrentRevision, Position, ResolvedEvent } from './esdb-client';

/**
 * Pure translations between the ledger's event store port and EventStoreDB's client types. No I/O here:
 * everything is unit-tested without a server.
 */

/** A stored ESDB event that this adapter cannot read back as a ledger event (foreign or damaged). */
export class EsdbDecodeError extends Error {
  readonly code = 'ESDB_DECODE_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'EsdbDecodeError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Positions
//
// ESDB orders `$all` by the pair (commit, prepare), both byte offsets into its transaction log. Events
// appended through gRPC are written as self-committing prepares, so each carries commit == prepare, unique
// per event even within one append. Transactions from the legacy log format share one commit position (the
// commit record's) and differ by prepare position, which then lies before the commit. One bigint must keep
// both cases strictly increasing in `$all` order and must decode back to the exact pair, because a reader
// resuming from a checkpoint has to hand ESDB a real record position (an invented one can skip events).
//
// Choice: position = commit × 2^21 + (prepare − commit + 2^20). The low 21 bits hold the prepare's offset
// from the commit, biased to stay non-negative; the offset of events within one append is bounded by ESDB's
// maximum append size (1 MiB by default), so ±1 MiB fits. Lexicographic (commit, prepare) order equals
// numeric order of the result, so positions of one append are distinct and increasing, and decoding is
// exact. Values exceed 2^63 only once the log passes 4 TiB. A position is opaque: differences (lag) are not
// event counts.
// ---------------------------------------------------------------------------------------------------------

const OFFSET_BITS = 21n;
const OFFSET_BIAS = 1n << (OFFSET_BITS - 1n);
const OFFSET_MASK = (1n << OFFSET_BITS) - 1n;

export function encodePosition(position: Position): bigint {
  const offset = position.prepare - position.commit + OFFSET_BIAS;
  if (position.commit < 0n || offset < 0n || offset > OFFSET_MASK) {
    throw new RangeError(
      `ESDB position commit ${position.commit} / prepare ${position.prepare} does not fit the ledger's position encoding`,
    );
  }
  return (position.commit << OFFSET_BITS) | offset;
}

export function decodePosition(position: bigint): Position {
  if (position <= 0n) throw new RangeError(`position ${position} names no event (0 means "before the first")`);
  const commit = position >> OFFSET_BITS;
  return { commit, prepare: commit + (position & OFFSET_MASK) - OFFSET_BIAS };
}

/**
 * A bigint no greater than any event position at or after `position`, for positions that may not name an
 * event (subscription checkpoints carry "next read" positions such as (commit, 0)). Never used to resume.
 */
export function positionLowerBound(position: Position): bigint {
  try {
    return encodePosition(position);
  } catch {
    return position.commit > 0n ? position.commit << OFFSET_BITS : 0n;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Expected revisions
// ---------------------------------------------------------------------------------------------------------

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
  }
}

export function fromEsdbExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
  }
}

/** The exact revision to append with, given the stream's last revision read just before (null: no stream). */
export function exactAppendRevision(actual: bigint | null): AppendExpectedRevision {
  return actual === null ? 'no_stream' : actual;
}

/** ESDB's "current revision" of a stream as the port's: the last event's revision, or null for no stream. */
export function fromEsdbCurrentRevision(current: CurrentRevision): bigint | null {
  return current === 'no_stream' || current < 0n ? null : current;
}

export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: bigint | null): boolean {
  if (typeof expected === 'bigint') return actual === expected;
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
  }
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return (
    error instanceof WrongExpectedVersionError ||
    (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'wrong-expected-version')
  );
}

/**
 * The server refused an append on revision. `callerExpected` is what the caller of the port asked for;
 * without it the revision the adapter sent is reported.
 */
export function toConcurrencyError(
  error: WrongExpectedVersionError,
  streamId: string,
  callerExpected?: ExpectedRevision,
): ConcurrencyError {
  return new ConcurrencyError(
    streamId,
    callerExpected ?? fromEsdbExpectedRevision(error.expectedVersion),
    fromEsdbCurrentRevision(error.actualVersion),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Event ids: ESDB requires UUIDs, the port allows any unique string.
// ---------------------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_ID_NAMESPACE = 'partnership-ledger:event-id:';

/**
 * A UUID is used as is (lower-cased, as ESDB returns it); any other id gets a name-based UUID (SHA-1, v5
 * layout) so a replay of the same id maps to the same ESDB id. The original id travels in the metadata.
 */
export function toEsdbEventId(eventId: string): string {
  if (UUID.test(eventId)) return eventId.toLowerCase();
  const bytes = createHash('sha1').update(EVENT_ID_NAMESPACE).update(eventId, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------------------

/** What the adapter keeps in an ESDB event's metadata besides the caller's metadata. */
export interface StoredEnvelope {
  eventId: string;
  metadata: EventMetadata;
  recordedAt: string;
  hash: string;
}

/** Keys the adapter owns in the ESDB metadata object; everything else is the caller's metadata. */
const ENVELOPE_KEYS = new Set(['eventId', 'recordedAt', 'hash', '$correlationId', '$causationId']);

/**
 * Flat JSON: the caller's metadata, plus eventId, recordedAt and hash, plus `$correlationId` /
 * `$causationId`, which ESDB's own tooling (the UI, the `$by_correlation_id` projection) understands.
 */
export function encodeMetadata(envelope: StoredEnvelope): Record<string, unknown> {
  const { metadata } = envelope;
  const encoded: Record<string, unknown> = {
    ...metadata,
    eventId: envelope.eventId,
    recordedAt: envelope.recordedAt,
    hash: envelope.hash,
    $correlationId: metadata.correlationId,
  };
  if (metadata.causationId !== null && metadata.causationId !== undefined) {
    encoded.$causationId = metadata.causationId;
  }
  return encoded;
}

export function decodeMetadata(raw: unknown, esdbEventId: string): StoredEnvelope {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new EsdbDecodeError(`event ${esdbEventId}: metadata is not a JSON object; not written by the ledger`);
  }
  const record = raw as Record<string, unknown>;
  const { recordedAt, hash, eventId } = record;
  if (typeof recordedAt !== 'string' || typeof hash !== 'string') {
    throw new EsdbDecodeError(`event ${esdbEventId}: metadata lacks recordedAt/hash; not written by the ledger`);
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!ENVELOPE_KEYS.has(key)) metadata[key] = value;
  }
  return {
    eventId: typeof eventId === 'string' ? eventId : esdbEventId,
    metadata: metadata as unknown as EventMetadata,
    recordedAt,
    hash,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Recorded events
// ---------------------------------------------------------------------------------------------------------

/** ESDB's own events (`$`-typed) and streams (`$`-named: settings, metadata, stats) never reach the ledger. */
export function isSystemEvent(type: string, streamId: string): boolean {
  return type.startsWith('$') || streamId.startsWith('$');
}

export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new EsdbDecodeError('a link without its event cannot be read as a ledger event');
  if (!event.isJson) throw new EsdbDecodeError(`event ${event.id} in ${event.streamId} is not JSON`);
  // Servers from 22.6 give stream reads the event's own position, (p, p) for a self-committed event, the
  // same pair `$all` reads give; older ones leave it out and only the resolved event's commit is left.
  const position =
    event.position ??
    (resolved.commitPosition !== undefined
      ? { commit: resolved.commitPosition, prepare: resolved.commitPosition }
      : undefined);
  if (position === undefined) {
    throw new EsdbDecodeError(`event ${event.id} carries no $all position (the server must be 22.6 or newer)`);
  }
  const envelope = decodeMetadata(event.metadata, event.id);
  return {
    eventId: envelope.eventId,
    type: event.type,
    data: event.data as unknown,
    metadata: envelope.metadata,
    streamId: event.streamId,
    revision: event.revision,
    position: encodePosition(position),
    recordedAt: envelope.recordedAt,
    hash: envelope.hash,
  };
}

/**
 * The value as it will read back from the store (JSON round trip), so the hash is computed over exactly
 * what a verifier will later see (a Date becomes its ISO string, an undefined member disappears) — the same
 * rule as the SQLite adapter. Input JSON cannot hold (bigint, cycles, a bare undefined) is refused.
 */
export function toStoredJson(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(`${what} is not JSON (${(error as Error).message})`);
  }
  if (text === undefined) throw new InvalidAppendError(`${what} is not JSON`);
  return JSON.parse(text) as unknown;
}
