import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import {
  AUDIT,
  bucketOf,
  eventIndexKey,
  fromStoredRecord,
  recordKey,
  SEQUENCE_KEY,
  streamPrefix,
  type AuditRecord,
  type AuditSequenceDoc,
  type RecordPlace,
  type StoredAuditRecord,
} from './audit-trail.projection';
import { isAtOrBefore } from './shared/instants';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

/**
 * The audit trail's questions. Records carry no payload: a caller that shows one reads it from the store at
 * the record's stream and revision (src/api/audit/audit-payloads.ts).
 */

function sequenceOf(reader: ReadModelReader): AuditSequenceDoc | undefined {
  return reader.get<AuditSequenceDoc>(AUDIT.meta, SEQUENCE_KEY);
}

/** The buckets the read model holds, oldest first (see audit-trail.projection.ts). */
function buckets(reader: ReadModelReader): string[] {
  const sequence = sequenceOf(reader);
  if (!sequence || sequence.events === 0) return [];
  const last = Math.floor((sequence.events - 1) / sequence.bucketEvents);
  const all = new Array<string>(last + 1);
  for (let bucket = 0; bucket <= last; bucket++) all[bucket] = bucketOf(bucket * sequence.bucketEvents, sequence.bucketEvents);
  return all;
}

/** The revision a record key (or place) ends with. */
function revisionOf(keyOrPlace: string): number {
  return Number(keyOrPlace.slice(keyOrPlace.lastIndexOf('|') + 1));
}

function recordAt(reader: ReadModelReader, bucket: string, place: RecordPlace): AuditRecord | undefined {
  const stored = reader.get<StoredAuditRecord>(AUDIT.record, recordKey(bucket, place));
  return stored && fromStoredRecord(place.slice(0, place.lastIndexOf('|')), revisionOf(place), stored);
}

function recordIn(reader: ReadModelReader, bucket: string, eventId: string): AuditRecord | undefined {
  const place = reader.get<RecordPlace>(AUDIT.event, eventIndexKey(bucket, eventId));
  return place === undefined ? undefined : recordAt(reader, bucket, place);
}

/**
 * Every event of an entity's stream in revision order; with asOf, only those recorded by then. One range read
 * per bucket. GET /v1/audit/{type}/{id} reads the stream from the event store instead (with the payloads).
 */
export function streamAudit(reader: ReadModelReader, streamId: string, options: { asOf?: string } = {}): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const bucket of buckets(reader)) {
    for (const { key: recordKeyFound, doc } of listAll<StoredAuditRecord>(reader, AUDIT.record, streamPrefix(bucket, streamId))) {
      const record = fromStoredRecord(streamId, revisionOf(recordKeyFound), doc);
      // recordedAt never decreases along a stream, so the first later event ends it.
      if (options.asOf !== undefined && !isAtOrBefore(record.recordedAt, options.asOf)) return records;
      records.push(record);
    }
  }
  return records;
}

/** One event by id. Recent events are asked about most, so the newest bucket is probed first. */
export function auditEvent(reader: ReadModelReader, eventId: string): AuditRecord | undefined {
  const all = buckets(reader);
  return find(reader, all, eventId, all.length - 1)?.record;
}

/**
 * Probes the buckets from `from` down to the oldest, then the newer ones: a cause was recorded before its
 * effect, so starting at the effect's bucket finds it in a probe or two instead of one per bucket.
 */
function find(
  reader: ReadModelReader,
  all: readonly string[],
  eventId: string,
  from: number,
): { record: AuditRecord; bucketIndex: number } | undefined {
  for (let i = from; i >= 0; i--) {
    const record = recordIn(reader, all[i]!, eventId);
    if (record) return { record, bucketIndex: i };
  }
  for (let i = from + 1; i < all.length; i++) {
    const record = recordIn(reader, all[i]!, eventId);
    if (record) return { record, bucketIndex: i };
  }
  return undefined;
}

/** Every event of one business transaction, across streams, in $all order. */
export function correlatedEvents(reader: ReadModelReader, correlationId: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const bucket of buckets(reader)) {
    const prefix = key(bucket, correlationId, '');
    for (const { doc: place } of listAll<RecordPlace>(reader, AUDIT.correlation, prefix)) {
      const record = recordAt(reader, bucket, place);
      if (record && record.correlationId === correlationId) records.push(record);
    }
  }
  return records;
}

/** How many causes a chain follows at most, so that a corrupt cycle cannot loop. */
export const MAX_CAUSATION_CHAIN = 100;

/**
 * The event and its causes, nearest first: follows causationId while it names a stored event (a person's
 * command is the root and names none). Bounded, so a corrupt cycle cannot loop.
 */
export function causationChain(reader: ReadModelReader, eventId: string): AuditRecord[] {
  const chain: AuditRecord[] = [];
  const seen = new Set<string>();
  const all = buckets(reader);
  let from = all.length - 1;
  let next: string | null = eventId;
  while (next !== null && !seen.has(next) && chain.length < MAX_CAUSATION_CHAIN) {
    seen.add(next);
    const found = find(reader, all, next, from);
    if (!found) break;
    chain.push(found.record);
    from = found.bucketIndex;
    next = found.record.causationId;
  }
  return chain;
}
