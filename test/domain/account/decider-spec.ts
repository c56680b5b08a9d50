import { expect } from 'vitest';
import type { Decider, Decision } from '../../../src/domain/shared/decider';
import { checkedFold } from '../shared/checked-fold';

/** given events / when command → the decision, for given-when-then specs of any decider. */
export function given<C, S, E>(decider: Decider<C, S, E>, events: readonly E[]) {
  return {
    state: () => checkedFold(decider, events),
    when(command: C): Decision<E> {
      return decider.decide(command, checkedFold(decider, events));
    },
  };
}

export function expectEvents<E>(decision: Decision<E>): E[] {
  if (!decision.ok) throw new Error(`expected events, got refusal ${decision.error.code}: ${decision.error.message}`);
  return decision.events;
}

export function expectRefusal<E>(decision: Decision<E>, code: string, kind?: string): void {
  expect(decision.ok, 'the command should have been refused').toBe(false);
  if (decision.ok) return;
  expect(decision.error.code).toBe(code);
  if (kind !== undefined) expect(decision.error.kind).toBe(kind);
}
