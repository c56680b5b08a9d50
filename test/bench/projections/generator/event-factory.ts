import type { z } from 'zod';
import type { EventDefinition } from '../../../../src/domain/shared/event-definition';
import type { Actor, NewEvent } from '../../../../src/event-store/event-store.port';
import type { SeededRandom } from './seeded-random';

/** Who did it, in which business transaction, caused by what: the metadata every stored event carries. */
export interface EventContext {
  actor: Actor;
  correlationId: string;
  /** The causing event id for a process manager's effect; null for a person's command. */
  causationId: string | null;
  reason?: string;
}

/**
 * Builds stored-shape events with the payload typed by its definition, so a payload that drifts from the
 * catalogue fails to compile here before it fails the sample validation at run time.
 */
export class EventFactory {
  constructor(
    private readonly random: SeededRandom,
    private readonly occurredAt: () => string,
  ) {}

  event<D extends EventDefinition>(definition: D, data: z.infer<D['data']>, context: EventContext): NewEvent {
    const metadata: NewEvent['metadata'] = {
      occurredAt: this.occurredAt(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
      schemaVersion: definition.schemaVersion,
    };
    if (context.reason !== undefined) metadata.reason = context.reason;
    return { eventId: this.random.uuid(), type: definition.type, data, metadata };
  }

  /** A person's command opens a new business transaction. */
  command(actor: Actor, reason?: string): EventContext {
    const context: EventContext = { actor, correlationId: this.random.uuid(), causationId: null };
    if (reason !== undefined) context.reason = reason;
    return context;
  }

  /** A process manager's effect: same transaction, caused by the event it reacted to. */
  effect(manager: string, cause: NewEvent): EventContext {
    return {
      actor: { principalId: `process-manager:${manager}`, role: 'system' },
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
    };
  }
}
