import { upcast } from '../domain/event-catalogue';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { ProjectionEvent } from './projection-definition';

/**
 * Converted once per event and shared by every projection of a batch. The position stays the store's exact
 * bigint (EventStoreDB's encoded positions pass 2^53 once its log passes ~4 GiB); revisions, counted per
 * stream, become numbers.
 */
export function toProjectionEvent(event: RecordedEvent): ProjectionEvent {
  const metadata = event.metadata;
  const projected: ProjectionEvent = {
    type: event.type,
    // A read without payloads (ReadPlan.withData) has nothing to upcast.
    data: event.data === undefined ? undefined : upcast(event.type, metadata.schemaVersion, event.data),
    eventId: event.eventId,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position,
    occurredAt: metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    hash: event.hash,
  };
  if (metadata.reason !== undefined) projected.reason = metadata.reason;
  return projected;
}
