import type { RecordedEvent, ReadAllOptions } from '../../src/event-store/event-store.port';
import { computeEventHash, GENESIS_HASH } from '../../src/event-store/hash-chain';
import { metadata } from './contract-helpers';

/** Builds correctly chained events in memory, for tests of code that only reads $all. */
export function chainedEvents(streams: string[], positionStep = 1n): RecordedEvent[] {
  const tips = new Map<string, RecordedEvent>();
  return streams.map((streamId, i) => {
    const previous = tips.get(streamId);
    const base = {
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'Thing',
      data: { i },
      metadata: metadata({ correlationId: `c-${i}` }),
      recordedAt: '2026-01-01T00:00:00.000Z',
    };
    const event: RecordedEvent = {
      ...base,
      streamId,
      revision: previous ? previous.revision + 1n : 0n,
      position: BigInt(i + 1) * positionStep,
      hash: computeEventHash(base, previous ? previous.hash : GENESIS_HASH),
    };
    tips.set(streamId, event);
    return event;
  });
}

/** readAll over an array, honouring after / maxCount (filters are not needed by these tests). */
export function readAllFrom(events: RecordedEvent[]) {
  return async (options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const after = options.after ?? 0n;
    const rest = events.filter((e) => e.position > after);
    return options.maxCount === undefined ? rest : rest.slice(0, options.maxCount);
  };
}
