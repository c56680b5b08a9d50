import type { Actor } from '../src/event-store/event-store.port';
import { eventDefinitions } from '../src/domain/event-catalogue';
import type { ProjectionDefinition } from '../src/projection-engine/projection-definition';
import { key, padPosition, padRevision } from './shared/keys';

/**
 * Every event, per stream, with who, when (both times), why, and its place in the business transaction.
 * Streams can also be read straight from the store; this read model exists for what the store cannot answer
 * cheaply: every event of one correlation across streams, and an event by id (to walk causation chains).
 */
export const AUDIT = {
  stream: 'stream',
  correlation: 'correlation',
  event: 'event',
} as const;

export interface AuditRecord {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: unknown;
  hash: string;
  reason?: string;
}

/** Index entries point at the record instead of copying it: one copy of each payload. */
export interface AuditPointer {
  streamId: string;
  revision: number;
}

export const streamRecordKey = (streamId: string, revision: number): string => key(streamId, padRevision(revision));

export const auditTrailProjection: ProjectionDefinition = {
  name: 'audit-trail',
  version: 1,
  eventTypes: eventDefinitions.map((definition) => definition.type),
  handle(event, store) {
    const record: AuditRecord = {
      eventId: event.eventId,
      type: event.type,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      data: event.data,
      hash: event.hash,
    };
    if (event.reason !== undefined) record.reason = event.reason;
    const pointer: AuditPointer = { streamId: event.streamId, revision: event.revision };
    store.put(AUDIT.stream, streamRecordKey(event.streamId, event.revision), record);
    store.put(AUDIT.correlation, key(event.correlationId, padPosition(event.position)), pointer);
    store.put(AUDIT.event, event.eventId, pointer);
  },
};
