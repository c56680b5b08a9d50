import { z } from 'zod';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { AuditEvent } from './audit-payloads';

/** One stored event as an auditor reads it. Revisions and positions are decimal strings (they are bigints inside). */
export const AuditEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  revision: z.string(),
  position: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  actor: z.object({ principalId: z.string(), role: z.string() }),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.unknown(),
  hash: z.string(),
  /** Schema version the payload was stored with (straight from the store; `data` is then exactly what is hashed). */
  schemaVersion: z.number().int().optional(),
  /** The caller's "why", when given. */
  reason: z.string().optional(),
});
export type AuditEventView = z.infer<typeof AuditEventSchema>;

/** From the store: the payload exactly as stored (and hashed), with its schema version. */
export function auditEventFromRecorded(event: RecordedEvent): AuditEventView {
  const view: AuditEventView = {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    data: event.data,
    hash: event.hash,
    schemaVersion: event.metadata.schemaVersion,
  };
  if (event.metadata.reason !== undefined) view.reason = event.metadata.reason;
  return view;
}

/** From an audit-trail record and its payload read back from the store, upcast to the current schema version. */
export function auditEventFromRecord(record: AuditEvent): AuditEventView {
  return withRecordView({}, record);
}

/**
 * Sets the view's fields of `record` on `target` (after whatever it holds already, e.g. an explanation step's
 * relation) by assignment: an explanation builds hundreds of these, and spreading a view into another object
 * costs more than building it.
 */
export function withRecordView<T extends object>(target: T, record: AuditEvent): T & AuditEventView {
  const view = target as T & AuditEventView;
  view.eventId = record.eventId;
  view.type = record.type;
  view.streamId = record.streamId;
  view.revision = String(record.revision);
  view.position = String(record.position);
  view.occurredAt = record.occurredAt;
  view.recordedAt = record.recordedAt;
  view.actor = record.actor;
  view.correlationId = record.correlationId;
  view.causationId = record.causationId;
  view.data = record.data;
  view.hash = record.hash;
  if (record.reason !== undefined) view.reason = record.reason;
  return view;
}
