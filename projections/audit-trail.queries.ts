import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import { AUDIT, streamRecordKey, type AuditPointer, type AuditRecord } from './audit-trail.projection';
import { isAtOrBefore } from './shared/instants';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

/** Every event of a stream in revision order; with asOf, only those recorded by then. */
export function streamAudit(reader: ReadModelReader, streamId: string, options: { asOf?: string } = {}): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const { doc } of listAll<AuditRecord>(reader, AUDIT.stream, key(streamId, ''))) {
    if (doc.streamId !== streamId) continue;
    if (options.asOf !== undefined && !isAtOrBefore(doc.recordedAt, options.asOf)) break;
    records.push(doc);
  }
  return records;
}

export function auditEvent(reader: ReadModelReader, eventId: string): AuditRecord | undefined {
  const pointer = reader.get<AuditPointer>(AUDIT.event, eventId);
  return pointer && reader.get<AuditRecord>(AUDIT.stream, streamRecordKey(pointer.streamId, pointer.revision));
}

/** Every event of one business transaction, across streams, in $all order. */
export function correlatedEvents(reader: ReadModelReader, correlationId: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const { doc } of listAll<AuditPointer>(reader, AUDIT.correlation, key(correlationId, ''))) {
    const record = reader.get<AuditRecord>(AUDIT.stream, streamRecordKey(doc.streamId, doc.revision));
    if (record && record.correlationId === correlationId) records.push(record);
  }
  return records;
}

const MAX_CHAIN = 100;

/**
 * The event and its causes, nearest first: follows causationId while it names a stored event (a person's
 * command is the root and names none). Bounded, so a corrupt cycle cannot loop.
 */
export function causationChain(reader: ReadModelReader, eventId: string): AuditRecord[] {
  const chain: AuditRecord[] = [];
  const seen = new Set<string>();
  let next: string | null = eventId;
  while (next !== null && !seen.has(next) && chain.length < MAX_CHAIN) {
    seen.add(next);
    const record = auditEvent(reader, next);
    if (!record) break;
    chain.push(record);
    next = record.causationId;
  }
  return chain;
}
