import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/event-store/event-store.errors';
import type { AppendResult, EventMetadata, EventStore, ExpectedRevision, NewEvent } from '../../src/event-store/event-store.port';
import type { EventStoreModel, ModelOutcome } from './event-store-model';

/**
 * Event ids are UUIDs and stream ids carry a per-test prefix: EventStoreDB requires UUID ids, and its
 * adapter may run the whole suite against one long-lived store, so no test may assume an empty $all.
 */
export function uniquePrefix(label = 't'): string {
  return `${label}${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
}

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    occurredAt: '2026-01-15T10:00:00.000Z',
    actor: { principalId: 'user-1', role: 'finance' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(type: string, data: unknown = {}, eventId: string = randomUUID()): NewEvent {
  return { eventId, type, data, metadata: metadata() };
}

export function newEvents(count: number, type = 'Thing', dataOf: (i: number) => unknown = (i) => ({ i })): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, dataOf(i)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds; fails with `what` rather than hanging when it never does. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The settled value of a promise as data, so a test can assert on rejections next to results. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Appends to the store what the model is told, and holds the store to the model's answer: a refusal with the
 * error it predicts (the concurrency error naming the revisions), or a result at its revision, with the ids
 * given, flagged as a replay exactly when the model saw one. The result for the caller's own bookkeeping;
 * undefined when refused.
 */
export async function appendAsTheModelSays(
  store: EventStore,
  model: EventStoreModel,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  label: string,
): Promise<{ want: ModelOutcome; result: AppendResult } | undefined> {
  const want = model.append(streamId, events, expected);
  const got = await settle(store.append(streamId, events, expected));
  if (want.kind === 'refused') {
    expect(got.ok, label).toBe(false);
    const error = (got as { error: unknown }).error;
    const allowed = [...(want.duplicateIds ? [DuplicateEventIdError] : []), ...(want.concurrency ? [ConcurrencyError] : [])];
    expect(allowed.some((type) => error instanceof type), `${label}: ${String(error)}`).toBe(true);
    if (error instanceof ConcurrencyError) expect(error, label).toMatchObject({ streamId, expected, actual: want.actual });
    return undefined;
  }
  expect(got.ok, `${label}: ${got.ok ? '' : String((got as { error: unknown }).error)}`).toBe(true);
  const result = (got as { value: AppendResult }).value;
  expect(result, label).toMatchObject({
    streamId,
    revision: want.revision,
    eventIds: events.map((e) => e.eventId),
    duplicate: want.kind === 'replayed',
  });
  return { want, result };
}
