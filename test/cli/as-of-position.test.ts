import { describe, expect, it } from 'vitest';
import { lastPositionRecordedBy } from '../../src/cli/as-of-position';
import type { RecordedEvent, ReadAllOptions } from '../../src/event-store/event-store.port';

/** $all with gaps between positions, as EventStoreDB's commit positions have. */
function sparseStore(recorded: Array<[position: number, recordedAt: string]>) {
  const events = recorded.map(([position, recordedAt]) => ({ position: BigInt(position), recordedAt }) as RecordedEvent);
  return {
    async headPosition() {
      return events.at(-1)?.position ?? 0n;
    },
    async readAll(options: ReadAllOptions = {}) {
      return events.filter((e) => e.position > (options.after ?? 0n)).slice(0, options.maxCount ?? Infinity);
    },
  };
}

describe('lastPositionRecordedBy', () => {
  const store = sparseStore([
    [10, '2026-09-01T10:00:00.000Z'],
    [250, '2026-09-01T10:00:00.000Z'],
    [251, '2026-09-02T08:00:00Z'],
    [9000, '2026-09-05T00:00:00.000Z'],
    [9001, '2026-09-07T00:00:00.000Z'],
  ]);

  it.each([
    ['2026-08-31T00:00:00Z', 0n],
    ['2026-09-01T10:00:00Z', 250n],
    ['2026-09-02T08:00:00.000Z', 251n],
    ['2026-09-04T23:59:59.999Z', 251n],
    ['2026-09-05T00:00:00Z', 9000n],
    ['2030-01-01T00:00:00Z', 9001n],
  ])('as of %s is position %s', async (asOf, position) => {
    expect(await lastPositionRecordedBy(store, asOf)).toBe(position);
  });

  it('is 0 for an empty store', async () => {
    expect(await lastPositionRecordedBy(sparseStore([]), '2026-01-01T00:00:00Z')).toBe(0n);
  });
});
