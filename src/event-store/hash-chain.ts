import { createHash, hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventMetadata } from './event-store.port';

/** The hash of "no previous event": the first event of every stream chains to this. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

/**
 * SHA-256 over canonical JSON of (type, data, metadata, previous hash). The event id and `recordedAt` are
 * hashed with the metadata, so rewriting when an event was recorded (which "as of T" queries rely on) or
 * swapping ids breaks the chain too.
 */
export function computeEventHash(event: HashedFields, previousHash: string): string {
  const body = canonicalJson({
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, eventId: event.eventId, recordedAt: event.recordedAt },
    previousHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The body `computeEventHash` hashes, cut around the two values known only inside the write transaction
 * (`recordedAt`, the previous hash): a writer builds it before taking the lock, and only a string join and
 * one SHA-256 remain for the transaction. `hashFromTemplate(eventHashTemplate(...), r, p)` yields exactly
 * `computeEventHash({ ...event, recordedAt: r }, p)` when the texts given are what `canonicalJson` writes
 * (test/event-store/sqlite-hash-template.test.ts compares both on generated events).
 */
export interface EventHashTemplate {
  readonly head: string;
  readonly middle: string;
  readonly tail: string;
}

/** Canonical texts of an event's parts, from which its hash template is assembled. */
export interface CanonicalEventParts {
  type: string;
  /** `canonicalJson(data)`. */
  data: string;
  /**
   * `canonicalJson({ ...metadata, eventId, recordedAt })` is `metadataHead + JSON.stringify(recordedAt) +
   * metadataTail` whatever `recordedAt` is: the object's text cut at the value of its `recordedAt` member.
   */
  metadataHead: string;
  metadataTail: string;
}

// The body's members in the order canonical JSON sorts them: data, metadata, previousHash, type.
export function eventHashTemplate(parts: CanonicalEventParts): EventHashTemplate {
  return {
    head: `{"data":${parts.data},"metadata":${parts.metadataHead}`,
    middle: `${parts.metadataTail},"previousHash":`,
    tail: `,"type":${JSON.stringify(parts.type)}}`,
  };
}

export function hashFromTemplate(template: EventHashTemplate, recordedAt: string, previousHash: string): string {
  const body = template.head + JSON.stringify(recordedAt) + template.middle + JSON.stringify(previousHash) + template.tail;
  // One-shot hash: same digest as createHash().update(body) (UTF-8 of the same string), without the Hash object.
  return hash('sha256', body, 'hex');
}
