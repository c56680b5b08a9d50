import type { EventStore } from '../event-store/event-store.port';

/**
 * The position of the last event recorded at or before `asOf` (0n when none), found by bisection over $all:
 * recordedAt never decreases along $all, so "recorded by T" is a prefix. Each probe reads one event, so it costs
 * O(log head) reads, and it holds for stores whose positions are not contiguous (EventStoreDB).
 */
export async function lastPositionRecordedBy(store: Pick<EventStore, 'readAll' | 'headPosition'>, asOf: string): Promise<bigint> {
  const limit = Date.parse(asOf);
  if (Number.isNaN(limit)) throw new RangeError(`not an instant: ${asOf}`);
  // The smallest x whose next event is missing or recorded after T; every event up to x was recorded by T.
  let low = 0n;
  let high = await store.headPosition();
  while (low < high) {
    const middle = (low + high) / 2n;
    const [next] = await store.readAll({ after: middle, maxCount: 1 });
    if (next === undefined || Date.parse(next.recordedAt) > limit) high = middle;
    else low = middle + 1n;
  }
  return low;
}
