import { loadFolded } from '../application/stream-state-cache';
import type { Decider, DomainEvent } from '../domain/shared/decider';
import type { EventStore } from '../event-store/event-store.port';

/**
 * Folds another stream into its decider's state: what a process manager or handler passes into a command.
 * An immutable state comes from the store's kept states; any other is the caller's own (see loadFolded).
 */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve' | 'immutableState'>,
): Promise<S> {
  return (await loadFolded(store, streamId, decider)).state;
}
