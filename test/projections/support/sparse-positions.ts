import type { EventStore, ReadAllOptions, RecordedEvent } from '../../../src/event-store/event-store.port';
import { storeOf } from './project';
import type { GivenEvent } from './ledger-events';

export type PositionedSource = Pick<EventStore, 'readAll' | 'headPosition' | 'readStream'>;

/**
 * The given events stored at the given $all positions (strictly increasing, one per event), as EventStoreDB's
 * encoded positions are: sparse and, past a ~4 GiB log, beyond 2^53 and 16 digits.
 */
export async function storeAtPositions(events: readonly GivenEvent[], positions: readonly bigint[]): Promise<PositionedSource> {
  if (positions.length !== events.length) throw new Error('one position per event');
  for (let i = 1; i < positions.length; i++) {
    if (positions[i]! <= positions[i - 1]!) throw new Error('positions must increase');
  }
  const inner = await storeOf(events);
  // The inner store's positions are 1, 2, 3…: position n there is positions[n − 1] here.
  const outer = (event: RecordedEvent): RecordedEvent => ({ ...event, position: positions[Number(event.position) - 1]! });
  return {
    async readAll(options: ReadAllOptions = {}) {
      const after = options.after ?? 0n;
      const seen = positions.filter((position) => position <= after).length;
      return (await inner.readAll({ ...options, after: BigInt(seen) })).map(outer);
    },
    async readStream(streamId, options) {
      return (await inner.readStream(streamId, options)).map(outer);
    },
    async headPosition() {
      const head = await inner.headPosition();
      return head === 0n ? 0n : positions[Number(head) - 1]!;
    },
  };
}
