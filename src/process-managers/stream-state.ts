import { withStreamState } from '../application/stream-state-cache';
import { toDomainEvent } from '../application/event-mapping';
import { fold, type Decider, type DomainEvent } from '../domain/shared/decider';
import type { EventStore } from '../event-store/event-store.port';

/**
 * Folds another stream into its decider's state: what a process manager or handler passes into a command.
 * A decider with an immutable state is served from the store's kept states (only what was appended since is
 * read); any other gets a state of its own, read whole, which it may change (see withStreamState for a
 * cached read of such a state).
 */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve' | 'immutableState'>,
): Promise<S> {
  if (decider.immutableState) return withStreamState(store, streamId, decider, (state) => state);
  const recorded = await store.readStream(streamId);
  return fold(decider, recorded.map((r) => toDomainEvent<E>(r)));
}
