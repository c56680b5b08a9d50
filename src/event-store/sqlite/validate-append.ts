import { DuplicateEventIdError, InvalidAppendError } from '../event-store.errors';
import type { ExpectedRevision, NewEvent } from '../event-store.port';
import { eventHashTemplate, type EventHashTemplate } from '../hash-chain';
import { type JsonTexts, type MetadataTexts, parsedMetadataTexts, plainJsonTexts, plainMetadataTexts } from './event-json';

/** An event checked and serialised once, before it joins the group-commit queue. */
export interface SerialisedEvent {
  eventId: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  /**
   * The hash input, less recordedAt and the previous hash. It is built from data and metadata as a reader
   * will get them back (their JSON round trip), not from the caller's objects, so a Date or an undefined
   * member cannot make the stored chain disagree with what a verifier recomputes from the stored text.
   */
  hashTemplate: EventHashTemplate;
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
  const eventIds = new Array<string>(events.length);
  const serialised = new Array<SerialisedEvent>(events.length);
  // One event, the usual append, needs no set to find a repeated id.
  const seen = events.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < events.length; i++) {
    const id = (events[i] as NewEvent | undefined)?.eventId;
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidAppendError(`stream ${streamId}: every event needs a non-empty eventId`);
    }
    if (seen) {
      if (seen.has(id)) throw new DuplicateEventIdError(streamId, [id], `event id ${id} appears twice in one append`);
      seen.add(id);
    }
    eventIds[i] = id;
  }
  for (let i = 0; i < events.length; i++) serialised[i] = serialise(streamId, events[i]!);
  return { streamId, expected, eventIds, events: serialised };
}

function serialise(streamId: string, event: NewEvent): SerialisedEvent {
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: event ${event.eventId} needs a non-empty type`);
  }
  if (event.metadata === null || typeof event.metadata !== 'object' || Array.isArray(event.metadata)) {
    throw new InvalidAppendError(`stream ${streamId}: event ${event.eventId} needs a metadata object`);
  }
  const data = plainJsonTexts(event.data) ?? roundTripTexts(streamId, event);
  const metadata = plainMetadataTexts(event.metadata, event.eventId) ?? roundTripMetadataTexts(streamId, event);
  return {
    eventId: event.eventId,
    type: event.type,
    dataJson: data.stored,
    metadataJson: metadata.stored,
    hashTemplate: eventHashTemplate({
      type: event.type,
      data: data.canonical,
      metadataHead: metadata.canonicalHead,
      metadataTail: metadata.canonicalTail,
    }),
  };
}

/** The general route for data that is not plain JSON (a Date, say): what a reader gets back is the round trip. */
function roundTripTexts(streamId: string, event: NewEvent): JsonTexts {
  const stored = toJson(streamId, event, 'data', event.data);
  const texts = plainJsonTexts(JSON.parse(stored));
  if (!texts) throw tooDeep(streamId, event, 'data');
  return { stored, canonical: texts.canonical };
}

function roundTripMetadataTexts(streamId: string, event: NewEvent): MetadataTexts {
  const stored = toJson(streamId, event, 'metadata', event.metadata);
  const texts = parsedMetadataTexts(JSON.parse(stored) as object, event.eventId, stored);
  if (!texts) throw tooDeep(streamId, event, 'metadata');
  return texts;
}

/** Parsed JSON is always plain; only a nesting deeper than the stack can stop its canonical text. */
function tooDeep(streamId: string, event: NewEvent, field: string): InvalidAppendError {
  return new InvalidAppendError(`stream ${streamId}: ${field} of event ${event.eventId} is nested too deeply`);
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
