import { ConcurrencyError, DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { computeEventHash, GENESIS_HASH } from '../hash-chain';
import type { EventStatements, StoredEventRef } from './event-statements';
import type { ValidAppend } from './validate-append';

/**
 * Checks one append against the store as it stands inside the current write transaction (which already
 * holds the rows of earlier appends of the same group commit) and inserts its rows. Every check runs
 * before the first insert, so a rejected append writes nothing and its neighbours are unaffected.
 */
export function writeAppend(sql: EventStatements, append: ValidAppend, recordedAt: string): AppendResult {
  const { streamId, eventIds } = append;

  const replay = findReplay(sql, append);
  if (replay) return replay;

  const head = sql.streamHead(streamId);
  const actual = head ? head.revision : null;
  if (!satisfies(append.expected, actual)) {
    throw new ConcurrencyError(streamId, append.expected, actual);
  }

  let revision = actual === null ? -1n : actual;
  let position = sql.headPosition();
  let previousHash = head ? head.hash : GENESIS_HASH;
  for (const event of append.events) {
    revision += 1n;
    position += 1n;
    const hash = computeEventHash(
      { eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata, recordedAt },
      previousHash,
    );
    sql.insert({
      position,
      streamId,
      revision,
      eventId: event.eventId,
      type: event.type,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
      recordedAt,
      hash,
    });
    previousHash = hash;
  }
  return { streamId, revision, position, eventIds, duplicate: false };
}

/**
 * An append whose first id is stored is either an exact replay (same stream, same ids, consecutive
 * revisions) answered with the original result whatever the expected revision, or a misuse of ids.
 * An append whose first id is new must not reuse any stored id.
 */
function findReplay(sql: EventStatements, append: ValidAppend): AppendResult | undefined {
  const { streamId, eventIds } = append;
  const first = sql.findEvent(eventIds[0]!);
  if (!first) {
    const reused = eventIds.filter((id) => sql.findEvent(id) !== undefined);
    if (reused.length > 0) {
      throw new DuplicateEventIdError(streamId, reused, `event ids already stored: ${reused.join(', ')}`);
    }
    return undefined;
  }
  let last: StoredEventRef = first;
  for (let i = 0; i < eventIds.length; i++) {
    const stored = i === 0 ? first : sql.findEvent(eventIds[i]!);
    if (!stored || stored.streamId !== streamId || stored.revision !== first.revision + BigInt(i)) {
      throw new DuplicateEventIdError(
        streamId,
        eventIds,
        `not an exact replay: event ${eventIds[i]} is ${describe(stored)}, expected ${streamId}@${first.revision + BigInt(i)}`,
      );
    }
    last = stored;
  }
  return { streamId, revision: last.revision, position: last.position, eventIds, duplicate: true };
}

function describe(stored: StoredEventRef | undefined): string {
  return stored ? `stored at ${stored.streamId}@${stored.revision}` : 'not stored';
}

function satisfies(expected: ExpectedRevision, actual: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}
