import { toDomainEvent } from '../application/event-mapping';
import { fold, type Decider, type DomainEvent } from '../domain/shared/decider';
import type { EventStore } from '../event-store/event-store.port';

/** Folds another stream into its decider's state: what a process manager or handler passes into a command. */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
): Promise<S> {
  const recorded = await store.readStream(streamId);
  return fold(decider, recorded.map((r) => toDomainEvent<E>(r)));
}
