import type { DomainError } from './domain-error';

/**
 * An event as the domain sees it: the stored envelope's type and (upcast) data, plus the business time at which
 * it happened. Metadata such as actor and correlation is the shell's business, not the decider's.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  occurredAt: string;
}

export type Decision<E> = { ok: true; events: E[] } | { ok: false; error: DomainError };

export const accept = <E>(...events: E[]): Decision<E> => ({ ok: true, events });
export const refuse = <E = never>(error: DomainError): Decision<E> => ({ ok: false, error });

/** decide / evolve / initialState: pure, no I/O, no clock (time arrives inside the command). */
export interface Decider<C, S, E> {
  readonly initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  /**
   * True when evolve never changes the state it is given (it returns a new one, sharing what did not change):
   * a folded state may then be read by any number of callers at once, and kept for the next one. Leave it
   * out for a decider whose evolve updates its state in place (the account's).
   */
  readonly immutableState?: true;
}

export function fold<S, E>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}
