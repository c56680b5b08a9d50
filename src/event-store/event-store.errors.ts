import type { ExpectedRevision } from './event-store.port';

/** The stream's revision was not what the append expected. Mapped to 409 CONCURRENCY_CONFLICT at the edge. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or null when it does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : String(actual)}`,
    );
    this.name = 'ConcurrencyError';
  }
}

/**
 * An append reused event ids in a way that is not an exact replay of an earlier append
 * (some ids stored and some not, ids stored in another stream, or in another order).
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
    detail: string,
  ) {
    super(`stream ${streamId}: ${detail}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Bad input to the store itself (empty stream id, empty batch, non-JSON data): a programming error. */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
