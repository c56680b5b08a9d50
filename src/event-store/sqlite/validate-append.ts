import { DuplicateEventIdError, InvalidAppendError } from '../event-store.errors';
import type { EventMetadata, ExpectedRevision, NewEvent } from '../event-store.port';

/** An event checked and serialised once, before it joins the group-commit queue. */
export interface SerialisedEvent {
  eventId: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  /**
   * Data and metadata as a reader will get them back (JSON round trip). The hash is computed over these,
   * not over the caller's objects, so a Date or an undefined member cannot make the stored chain disagree
   * with what a verifier recomputes from the stored text.
   */
  data: unknown;
  metadata: EventMetadata;
}

export interface ValidAppend {
  streamId: string;
  expected: ExpectedRevision;
  events: SerialisedEvent[];
  eventIds: string[];
}

/** Throws InvalidAppendError / DuplicateEventIdError for input that no store state could make valid. */
export function validateAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): ValidAppend {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError('stream id must be a non-empty string');
  }
  if (!isExpectedRevision(expected)) {
    throw new InvalidAppendError(`stream ${streamId}: invalid expected revision ${String(expected)}`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: an append needs at least one event`);
  }
  const eventIds = events.map((event) => event?.eventId);
  const seen = new Set<string>();
  for (const id of eventIds) {
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidAppendError(`stream ${streamId}: every event needs a non-empty eventId`);
    }
    if (seen.has(id)) {
      throw new DuplicateEventIdError(streamId, [id], `event id ${id} appears twice in one append`);
    }
    seen.add(id);
  }
  return { streamId, expected, eventIds, events: events.map((event) => serialise(streamId, event)) };
}

function serialise(streamId: string, event: NewEvent): SerialisedEvent {
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: event ${event.eventId} needs a non-empty type`);
  }
  if (event.metadata === null || typeof event.metadata !== 'object' || Array.isArray(event.metadata)) {
    throw new InvalidAppendError(`stream ${streamId}: event ${event.eventId} needs a metadata object`);
  }
  const dataJson = toJson(streamId, event, 'data', event.data);
  const metadataJson = toJson(streamId, event, 'metadata', event.metadata);
  return {
    eventId: event.eventId,
    type: event.type,
    dataJson,
    metadataJson,
    data: JSON.parse(dataJson) as unknown,
    metadata: JSON.parse(metadataJson) as EventMetadata,
  };
}

function toJson(streamId: string, event: NewEvent, field: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(
      `stream ${streamId}: ${field} of event ${event.eventId} is not JSON (${(error as Error).message})`,
    );
  }
  if (json === undefined) {
    throw new InvalidAppendError(`stream ${streamId}: ${field} of event ${event.eventId} is not JSON`);
  }
  return json;
}

function isExpectedRevision(value: unknown): value is ExpectedRevision {
  if (value === 'any' || value === 'no_stream' || value === 'stream_exists') return true;
  return typeof value === 'bigint' && value >= 0n;
}
