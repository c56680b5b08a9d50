import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { ProjectionSource } from './projection-source';

/**
 * The store as it was at position `bound`: its head never goes past it and reads stop there. Handing it to the
 * engine's one-shot catch-up builds exactly the read models of that prefix of $all, checkpoints included.
 */
export function boundedSource(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  bound: bigint,
  onRead?: (events: readonly RecordedEvent[]) => void,
): ProjectionSource {
  return {
    async headPosition() {
      const head = await store.headPosition();
      return head < bound ? head : bound;
    },
    async readAll(options) {
      const events = await store.readAll(options);
      const cut = events.findIndex((event) => event.position > bound);
      const kept = cut < 0 ? events : events.slice(0, cut);
      onRead?.(kept);
      return kept;
    },
    subscribeToAll() {
      throw new Error('a bounded replay reads a fixed prefix of $all; it never subscribes');
    },
  };
}
