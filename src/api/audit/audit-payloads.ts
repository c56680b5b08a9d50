import type { AuditRecord } from '../../../projections';
import { upcast } from '../../domain/event-catalogue';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { revisionRanges, type RevisionRange } from './revision-ranges';

/** An audited event with its payload, upcast to the current schema version (what the explanations read). */
export interface AuditEvent extends AuditRecord {
  data: unknown;
}

/**
 * The audit trail points at an event the store does not hold there: the read model was built from another
 * store. A fault of ours (HTTP 500), not of the request: answering without the payload would be a wrong answer.
 */
export class AuditPayloadMissingError extends Error {
  readonly code = 'AUDIT_PAYLOAD_MISSING';
  constructor(readonly record: Pick<AuditRecord, 'eventId' | 'streamId' | 'revision'>) {
    super(`the event store holds no event ${record.eventId} at ${record.streamId}@${record.revision}, where the audit trail has it`);
    this.name = 'AuditPayloadMissingError';
  }
}

/** The store's event as an audited event: the same fields the audit trail records, and the payload upcast. */
export function toAuditEvent(event: RecordedEvent): AuditEvent {
  const audited: AuditEvent = {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.toString(),
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    data: upcast(event.type, event.metadata.schemaVersion, event.data),
    hash: event.hash,
  };
  if (event.metadata.reason !== undefined) audited.reason = event.metadata.reason;
  return audited;
}

/**
 * The records' events read back from the store, in the records' order: one read per run of consecutive
 * revisions of a stream (a command's events, a correlation's lines on one account), the runs side by side.
 * Reads by stream and revision, which every adapter serves (a read of $all at a position is not portable).
 * Throws AuditPayloadMissingError when the store has no such event where the record says.
 */
export async function withPayloads(store: Pick<EventStore, 'readStream'>, records: readonly AuditRecord[]): Promise<AuditEvent[]> {
  const found = new Map<string, AuditEvent>();
  await Promise.all(
    revisionRuns(records).map(async ({ streamId, fromRevision, count }) => {
      const events = await store.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount: count });
      for (const event of events) found.set(event.eventId, toAuditEvent(event));
    }),
  );
  return records.map((record) => {
    const event = found.get(record.eventId);
    if (!event || event.streamId !== record.streamId || event.revision !== record.revision) throw new AuditPayloadMissingError(record);
    return event;
  });
}

interface RevisionRun extends RevisionRange {
  streamId: string;
}

/** Consecutive revisions of one stream make one run (1: neighbours only, no event read that was not asked for). */
function revisionRuns(records: readonly AuditRecord[]): RevisionRun[] {
  const byStream = new Map<string, number[]>();
  for (const { streamId, revision } of records) {
    let revisions = byStream.get(streamId);
    if (!revisions) byStream.set(streamId, (revisions = []));
    revisions.push(revision);
  }
  return [...byStream].flatMap(([streamId, revisions]) => revisionRanges(revisions, 1).map((range) => ({ streamId, ...range })));
}
