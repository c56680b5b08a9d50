import Database from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import type { BatchOutcome } from './batch-transaction';
import type { SerialisedEvent, ValidAppend } from './validate-append';

/**
 * What the main thread and the commit worker say to each other. Batches travel as one flat array of
 * strings and bigints: structured clone copies that far faster than a tree of small objects, and the
 * worker is the pipeline's bottleneck, so its share of the decoding is kept small. Errors are sent as
 * plain records and rebuilt on the main thread, so a caller still gets a ConcurrencyError (with expected
 * and actual) or a better-sqlite3 SqliteError (with its code), not a bare Error.
 */
export interface CommitRequest {
  id: number;
  /** Clock reading for the batch, taken on the main thread (the clock is injectable, a function). */
  now: string;
  appends: EncodedBatch;
}

export interface CommittedReply {
  id: number;
  ok: true;
  results: EncodedResults;
  /** Undefined when every append of the batch succeeded. */
  errors: (EncodedError | undefined)[] | undefined;
  committedHead: bigint | undefined;
}

export type CommitReply = CommittedReply | { id: number; ok: false; error: EncodedError };

/** Per append: streamId, expected, event count, then per event its seven strings. */
type EncodedBatch = (string | bigint | number)[];
/**
 * Per append: revision, position, duplicate (1 or 0); a revision of -1 for an append that failed. A typed
 * array's buffer is transferred, not copied, and the reply is then one small object: the worker's
 * postMessage cost shows in its profile, and the worker is the busier thread.
 */
type EncodedResults = BigInt64Array<ArrayBuffer>;
const FAILED = -1n;

const FIELDS_PER_EVENT = 7;

export function encodeBatch(batch: readonly ValidAppend[]): EncodedBatch {
  const out: EncodedBatch = [];
  for (const append of batch) {
    out.push(append.streamId, append.expected, append.events.length);
    for (const event of append.events) {
      const { head, middle, tail } = event.hashTemplate;
      out.push(event.eventId, event.type, event.dataJson, event.metadataJson, head, middle, tail);
    }
  }
  return out;
}

export function decodeBatch(encoded: EncodedBatch): ValidAppend[] {
  const batch: ValidAppend[] = [];
  for (let i = 0; i < encoded.length; ) {
    const streamId = encoded[i] as string;
    const expected = encoded[i + 1] as ExpectedRevision;
    const count = encoded[i + 2] as number;
    i += 3;
    const events = new Array<SerialisedEvent>(count);
    const eventIds = new Array<string>(count);
    for (let k = 0; k < count; k++, i += FIELDS_PER_EVENT) {
      const eventId = encoded[i] as string;
      eventIds[k] = eventId;
      events[k] = {
        eventId,
        type: encoded[i + 1] as string,
        dataJson: encoded[i + 2] as string,
        metadataJson: encoded[i + 3] as string,
        hashTemplate: { head: encoded[i + 4] as string, middle: encoded[i + 5] as string, tail: encoded[i + 6] as string },
      };
    }
    batch.push({ streamId, expected, events, eventIds });
  }
  return batch;
}

export function encodeOutcome(id: number, outcome: BatchOutcome): CommittedReply {
  const results: EncodedResults = new BigInt64Array(3 * outcome.results.length);
  let errors: (EncodedError | undefined)[] | undefined;
  for (let i = 0; i < outcome.results.length; i++) {
    const result = outcome.results[i];
    if (result === undefined) {
      results[3 * i] = FAILED;
      (errors ??= [])[i] = encodeError(outcome.errors[i]);
    } else {
      results[3 * i] = result.revision;
      results[3 * i + 1] = result.position;
      results[3 * i + 2] = result.duplicate ? 1n : 0n;
    }
  }
  return { id, ok: true, results, errors, committedHead: outcome.committedHead };
}

/** The worker's answer as the in-thread transaction would have given it, for the appends it was sent. */
export function decodeOutcome(reply: CommittedReply, batch: readonly ValidAppend[]): BatchOutcome {
  const results = new Array<AppendResult | undefined>(batch.length);
  const errors = new Array<unknown>(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const revision = reply.results[3 * i]!;
    if (revision === FAILED) {
      errors[i] = decodeError(reply.errors?.[i]);
      continue;
    }
    const append = batch[i]!;
    results[i] = {
      streamId: append.streamId,
      revision,
      position: reply.results[3 * i + 1]!,
      eventIds: append.eventIds,
      duplicate: reply.results[3 * i + 2] === 1n,
    };
  }
  return { results, errors, committedHead: reply.committedHead };
}

export type EncodedError =
  | { kind: 'concurrency'; streamId: string; expected: ExpectedRevision; actual: bigint | null }
  | { kind: 'duplicate'; streamId: string; eventIds: string[]; message: string }
  | { kind: 'sqlite'; code: string; message: string; stack: string | undefined }
  | { kind: 'other'; name: string; message: string; stack: string | undefined };

export function encodeError(error: unknown): EncodedError {
  if (error instanceof ConcurrencyError) {
    return { kind: 'concurrency', streamId: error.streamId, expected: error.expected, actual: error.actual };
  }
  if (error instanceof DuplicateEventIdError) {
    return { kind: 'duplicate', streamId: error.streamId, eventIds: error.eventIds, message: error.message };
  }
  if (error instanceof Database.SqliteError) {
    return { kind: 'sqlite', code: error.code, message: error.message, stack: error.stack };
  }
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'other', name: 'Error', message: String(error), stack: undefined };
}

export function decodeError(encoded: EncodedError | undefined): Error {
  if (encoded === undefined) return new Error('the commit worker gave neither a result nor an error');
  switch (encoded.kind) {
    case 'concurrency':
      return new ConcurrencyError(encoded.streamId, encoded.expected, encoded.actual);
    case 'duplicate': {
      const error = new DuplicateEventIdError(encoded.streamId, encoded.eventIds, '');
      error.message = encoded.message;
      return error;
    }
    case 'sqlite': {
      const error = new Database.SqliteError(encoded.message, encoded.code);
      if (encoded.stack !== undefined) error.stack = encoded.stack;
      return error;
    }
    case 'other': {
      const error = new Error(encoded.message);
      error.name = encoded.name;
      if (encoded.stack !== undefined) error.stack = encoded.stack;
      return error;
    }
  }
}
