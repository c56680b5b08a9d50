import type { Decider, Decision } from '../../../src/domain/shared/decider';
import type { DomainError } from '../../../src/domain/shared/domain-error';
import { checkedFold } from '../shared/checked-fold';

/**
 * Given-when-then for a decider: `given(decider, events).when(command)` folds the history, decides, and hands
 * back either the decided events or the refusal, failing loudly when the other one came.
 */
export function given<C, S, E>(decider: Decider<C, S, E>, history: readonly E[]) {
  return {
    when(command: C) {
      const decision: Decision<E> = decider.decide(command, checkedFold(decider, history));
      return {
        decision,
        get events(): E[] {
          if (!decision.ok) throw new Error(`expected events, the command was refused: ${decision.error.code} ${decision.error.message}`);
          return decision.events;
        },
        get error(): DomainError {
          if (decision.ok) throw new Error(`expected a refusal, the command decided ${JSON.stringify(decision.events)}`);
          return decision.error;
        },
      };
    },
  };
}
