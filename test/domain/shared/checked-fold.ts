import { fold, type Decider } from '../../../src/domain/shared/decider';

/**
 * `fold` for the decider specs. A decider that declares an immutable state (its folded states are shared by
 * readers and kept between commands) folds here over deep-frozen states and events, and its decide gets a
 * frozen state: an evolve or a decide that changed one would throw.
 */
export function checkedFold<S, E>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve' | 'immutableState'>, events: readonly E[]): S {
  if (!decider.immutableState) return fold(decider, events);
  return events.reduce((state, event) => deepFreeze(decider.evolve(state, deepFreeze(structuredClone(event)))), deepFreeze(decider.initialState));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
