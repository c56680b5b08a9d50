import { createHash } from 'node:crypto';
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
