import { randomUUID } from 'node:crypto';
import { eventDefinition } from '../../../src/domain/event-catalogue';
import type { NewEvent } from '../../../src/event-store/event-store.port';
import type { ProjectionDefinition } from '../../../src/projection-engine/projection-definition';
import { replayToPoint, type ReplayOptions, type ReplayResult } from '../../../src/projection-engine/replay-to-point';
import { MemoryEventStore } from '../../support/memory-event-store';
import type { GivenEvent } from './ledger-events';

const DEFAULT_OCCURRED_AT = '2026-03-10T12:00:00.000Z';

/** Builds the stored envelope of a given event, checking its payload against the catalogue's schema. */
export function toNewEvent(given: GivenEvent): NewEvent {
  const definition = eventDefinition(given.type);
  const schemaVersion = given.schemaVersion ?? definition.schemaVersion;
  if (schemaVersion === definition.schemaVersion) definition.data.parse(given.data);
  return {
    eventId: given.eventId ?? randomUUID(),
    type: given.type,
    data: given.data,
    metadata: {
      occurredAt: given.occurredAt ?? DEFAULT_OCCURRED_AT,
      actor: given.actor ?? { principalId: 'tester', role: 'admin' },
      correlationId: given.correlationId ?? randomUUID(),
      causationId: given.causationId ?? null,
      schemaVersion,
      ...(given.reason !== undefined ? { reason: given.reason } : {}),
    },
  };
}

export async function storeOf(events: readonly GivenEvent[]): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  for (const given of events) {
    if (given.recordedAt) store.setTime(given.recordedAt);
    await store.append(given.streamId, [toNewEvent(given)]);
  }
  return store;
}

/** Given these events, the read models the definitions build (through the engine's own replay path). */
export async function project(
  definitions: readonly ProjectionDefinition[],
  events: readonly GivenEvent[],
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  return replayToPoint(await storeOf(events), definitions, options);
}
