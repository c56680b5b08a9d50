import type { Actor } from '../src/event-store/event-store.port';
import { eventDefinitions } from '../src/domain/event-catalogue';
import type { ProjectionDefinition, ProjectionEvent } from '../src/projection-engine/projection-definition';
import { key, padPosition, padRevision } from './shared/keys';

/**
 * Every event with who, when (both times), why, and its place in the business transaction, for what the store
 * cannot answer cheaply: an event by id (to walk causation chains) and every event of one correlation across
 * streams. One record per event, keyed by event id, and one small correlation index entry.
 *
 * A stream's own history is read from the store (exact, with the payload as stored and hashed: what
 * GET /v1/audit/{streamType}/{id} does). The per-stream index that lets `streamAudit` answer from the read
 * model too is a third row per event, about a quarter of this read model's rebuild time:
 * `auditTrailProjectionWith({ streamIndex: false })` leaves it out.
 *
 * Keys lead with a bucket: the number of the event in this read model divided by `bucketEvents`. Event and
 * correlation ids are random, and a random key lands anywhere in an index that grows to millions of entries, so
 * every batch would dirty (and write out) pages all over it; behind a bucket prefix a batch's keys land in the
 * current bucket's slice of the index only (measured at a million events: this read model rebuilds in a
 * third less time than with the same rows unbucketed). A lookup by id probes the buckets, newest first (a
 * causation chain from its effect's bucket down): one index probe per bucket, a few dozen at ten million.
 */
export const AUDIT = {
  /** Index, unless built without `streamIndex`: `{bucket}|{streamId}|{revision}` → eventId. */
  stream: 'stream',
  /** Index: `{bucket}|{correlationId}|{position}` → eventId. */
  correlation: 'correlation',
  /** `{bucket}|{eventId}` → the event's record (StoredAuditRecord). */
  event: 'event',
  /** `sequence` → AuditSequenceDoc. */
  meta: 'meta',
} as const;

export interface AuditRecord {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  /** $all position, exact, as a decimal string. */
  position: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: unknown;
  hash: string;
  reason?: string;
}

/** Where the buckets stand: how many events the read model holds and how many go in one bucket. */
export interface AuditSequenceDoc {
  events: number;
  bucketEvents: number;
  /** The per-stream index is kept (see AUDIT.stream). */
  streamIndex: boolean;
}

export interface AuditTrailOptions {
  /** Events per bucket. Default DEFAULT_BUCKET_EVENTS. */
  bucketEvents?: number;
  /** Keep the per-stream index that `streamAudit` reads. Default true. */
  streamIndex?: boolean;
}

/**
 * An AuditRecord as a positional array: the same fields without their names, a fifth less to write, parse
 * and store per event. Only this module and the queries read it.
 */
export type StoredAuditRecord = [
  eventId: string,
  type: string,
  streamId: string,
  revision: number,
  position: string,
  occurredAt: string,
  recordedAt: string,
  principalId: string,
  role: string,
  correlationId: string,
  causationId: string | null,
  data: unknown,
  hash: string,
  reason?: string,
];

export const SEQUENCE_KEY = 'sequence';
/**
 * 2^18 events per bucket: a bucket's index slices stay within SQLite's page cache while it fills, and a lookup
 * probes 4 buckets at a million events, 39 at ten million (2^16 rebuilt ~5% faster but made the auditor's
 * explanations twice as slow at a million events).
 */
export const DEFAULT_BUCKET_EVENTS = 262_144;

export function bucketOf(sequence: number, bucketEvents: number): string {
  return Math.floor(sequence / bucketEvents).toString().padStart(6, '0');
}

export const eventRecordKey = (bucket: string, eventId: string): string => key(bucket, eventId);
export const correlationKey = (bucket: string, correlationId: string, position: bigint): string =>
  key(bucket, correlationId, padPosition(position));
export const streamIndexKey = (bucket: string, streamId: string, revision: number): string =>
  key(bucket, streamId, padRevision(revision));

export function toStoredRecord(event: ProjectionEvent): StoredAuditRecord {
  const stored: StoredAuditRecord = [
    event.eventId,
    event.type,
    event.streamId,
    event.revision,
    String(event.position),
    event.occurredAt,
    event.recordedAt,
    event.actor.principalId,
    event.actor.role,
    event.correlationId,
    event.causationId,
    event.data,
    event.hash,
  ];
  if (event.reason !== undefined) stored.push(event.reason);
  return stored;
}

export function fromStoredRecord(stored: StoredAuditRecord): AuditRecord {
  const record: AuditRecord = {
    eventId: stored[0],
    type: stored[1],
    streamId: stored[2],
    revision: stored[3],
    position: stored[4],
    occurredAt: stored[5],
    recordedAt: stored[6],
    actor: { principalId: stored[7], role: stored[8] },
    correlationId: stored[9],
    causationId: stored[10],
    data: stored[11],
    hash: stored[12],
  };
  if (stored[13] !== undefined) record.reason = stored[13];
  return record;
}

export function auditTrailProjectionWith(options: AuditTrailOptions = {}): ProjectionDefinition {
  const bucketEvents = options.bucketEvents ?? DEFAULT_BUCKET_EVENTS;
  const streamIndex = options.streamIndex ?? true;
  if (!Number.isInteger(bucketEvents) || bucketEvents < 1) throw new RangeError(`bucketEvents must be a positive integer, got ${bucketEvents}`);
  return {
    name: 'audit-trail',
    // 3: correlation keys with 20-digit positions (16 sorted ESDB positions past 10^16 wrongly), positions as strings.
    version: 3,
    eventTypes: eventDefinitions.map((definition) => definition.type),
    parameters: { bucketEvents, streamIndex },
    handle(event, store) {
      const sequence = store.get<AuditSequenceDoc>(AUDIT.meta, SEQUENCE_KEY)?.events ?? 0;
      const bucket = bucketOf(sequence, bucketEvents);
      store.put(AUDIT.meta, SEQUENCE_KEY, { events: sequence + 1, bucketEvents, streamIndex } satisfies AuditSequenceDoc);
      store.put(AUDIT.event, eventRecordKey(bucket, event.eventId), toStoredRecord(event));
      store.put(AUDIT.correlation, correlationKey(bucket, event.correlationId, event.position), event.eventId);
      if (streamIndex) store.put(AUDIT.stream, streamIndexKey(bucket, event.streamId, event.revision), event.eventId);
    },
  };
}

export const auditTrailProjection: ProjectionDefinition = auditTrailProjectionWith();

