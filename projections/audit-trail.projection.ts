import type { Actor } from '../src/event-store/event-store.port';
import { eventDefinitions } from '../src/domain/event-catalogue';
import type { ProjectionDefinition, ProjectionEvent } from '../src/projection-engine/projection-definition';
import { key, padRevision } from './shared/keys';

/**
 * Every event with who, when (both times), why, and its place in the business transaction, per entity: one
 * record per event keyed by its stream and revision, so that an entity's history is one range read, and two
 * small entries pointing at it, for what the store cannot answer cheaply: an event by id (to walk causation
 * chains) and every event of one correlation across streams.
 *
 * The payload is not copied: the store holds it (exact, as stored and hashed), and a record knows where
 * (stream and revision). What needs it reads it back from the store (see src/api/audit/audit-payloads.ts).
 * Copying it made this read model a third larger and its rebuild slower for data nothing here reads.
 *
 * Keys lead with a bucket: the number of the event in this read model divided by `bucketEvents`. Stream, event
 * and correlation ids are random, and a random key lands anywhere in an index that grows to millions of
 * entries, so every batch would dirty (and write out) pages all over it; behind a bucket prefix a batch's keys
 * land in the current bucket's slice of the index only (measured at a million events: this read model rebuilt
 * in a third less time than with the same rows unbucketed). Everything of one event lives in that event's
 * bucket. A lookup by id probes the buckets, newest first (a causation chain from its effect's bucket down):
 * one index probe per bucket, a few dozen at ten million; an entity's history reads its range in each bucket.
 */
export const AUDIT = {
  /** `{bucket}|{streamId}|{revision}` → the event's record (StoredAuditRecord). */
  record: 'record',
  /** Index: `{bucket}|{eventId}` → the record's place (RecordPlace) in the same bucket. */
  event: 'event',
  /** Index: `{bucket}|{correlationId}|{sequence}` → the record's place (RecordPlace) in the same bucket. */
  correlation: 'correlation',
  /** `sequence` → AuditSequenceDoc. */
  meta: 'meta',
} as const;

/** What the read model knows of an event: everything but its payload, which the store holds. */
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
  hash: string;
  reason?: string;
}

/** Where the buckets stand: how many events the read model holds and how many go in one bucket. */
export interface AuditSequenceDoc {
  events: number;
  bucketEvents: number;
}

export interface AuditTrailOptions {
  /** Events per bucket. Default DEFAULT_BUCKET_EVENTS. */
  bucketEvents?: number;
}

/**
 * An AuditRecord as a positional array, without the stream and revision its key holds: the same fields
 * without their names, a fifth less to write, parse and store per event. Only this module and the queries
 * read it.
 */
export type StoredAuditRecord = [
  eventId: string,
  type: string,
  position: string,
  occurredAt: string,
  recordedAt: string,
  principalId: string,
  role: string,
  correlationId: string,
  causationId: string | null,
  hash: string,
  reason?: string,
];

/** `{streamId}|{revision}`: a record's key within its bucket, which the index entries hold. */
export type RecordPlace = string;

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

export const recordPlace = (streamId: string, revision: number): RecordPlace => key(streamId, padRevision(revision));
export const recordKey = (bucket: string, place: RecordPlace): string => key(bucket, place);
/** A stream's records in one bucket share this prefix (the `|` keeps `partner-p1` apart from `partner-p1-b`). */
export const streamPrefix = (bucket: string, streamId: string): string => key(bucket, streamId, '');
export const eventIndexKey = (bucket: string, eventId: string): string => key(bucket, eventId);
/** The event's sequence number orders one correlation's entries as $all does, in fewer digits than a position. */
export const correlationKey = (bucket: string, correlationId: string, sequence: number): string =>
  key(bucket, correlationId, padRevision(sequence));

export function toStoredRecord(event: ProjectionEvent): StoredAuditRecord {
  const stored: StoredAuditRecord = [
    event.eventId,
    event.type,
    String(event.position),
    event.occurredAt,
    event.recordedAt,
    event.actor.principalId,
    event.actor.role,
    event.correlationId,
    event.causationId,
    event.hash,
  ];
  if (event.reason !== undefined) stored.push(event.reason);
  return stored;
}

export function fromStoredRecord(streamId: string, revision: number, stored: StoredAuditRecord): AuditRecord {
  const record: AuditRecord = {
    eventId: stored[0],
    type: stored[1],
    streamId,
    revision,
    position: stored[2],
    occurredAt: stored[3],
    recordedAt: stored[4],
    actor: { principalId: stored[5], role: stored[6] },
    correlationId: stored[7],
    causationId: stored[8],
    hash: stored[9],
  };
  if (stored[10] !== undefined) record.reason = stored[10];
  return record;
}

export function auditTrailProjectionWith(options: AuditTrailOptions = {}): ProjectionDefinition {
  const bucketEvents = options.bucketEvents ?? DEFAULT_BUCKET_EVENTS;
  if (!Number.isInteger(bucketEvents) || bucketEvents < 1) throw new RangeError(`bucketEvents must be a positive integer, got ${bucketEvents}`);
  return {
    name: 'audit-trail',
    // 4: records keyed by stream and revision, without the payload; the id and correlation entries point at them.
    // 5: records and entries are write-only (a rebuild indexes their keys once, at its end).
    version: 5,
    eventTypes: eventDefinitions.map((definition) => definition.type),
    collections: { [AUDIT.record]: 'write-only', [AUDIT.event]: 'write-only', [AUDIT.correlation]: 'write-only', [AUDIT.meta]: 'small' },
    parameters: { bucketEvents },
    readsData: false,
    handle(event, store) {
      const sequence = store.get<AuditSequenceDoc>(AUDIT.meta, SEQUENCE_KEY)?.events ?? 0;
      const bucket = bucketOf(sequence, bucketEvents);
      store.put(AUDIT.meta, SEQUENCE_KEY, { events: sequence + 1, bucketEvents } satisfies AuditSequenceDoc);
      const place = recordPlace(event.streamId, event.revision);
      store.put(AUDIT.record, recordKey(bucket, place), toStoredRecord(event));
      store.put(AUDIT.event, eventIndexKey(bucket, event.eventId), place);
      store.put(AUDIT.correlation, correlationKey(bucket, event.correlationId, sequence), place);
    },
  };
}

export const auditTrailProjection: ProjectionDefinition = auditTrailProjectionWith();
