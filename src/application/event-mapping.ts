import type { NewEvent, RecordedEvent } from '../event-store/event-store.port';
import { eventDefinition, upcast } from '../domain/event-catalogue';
import type { DomainEvent } from '../domain/shared/decider';
import type { CommandContext } from './command-context';

/** A stored event as the domain sees it: payload upcast to the current schema version. */
export function toDomainEvent<E extends DomainEvent>(recorded: RecordedEvent): E {
  return {
    type: recorded.type,
    data: upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data),
    occurredAt: recorded.metadata.occurredAt,
  } as E;
}

/** A decided event wrapped with the metadata the auditor needs; the payload is validated against its schema. */
export function toNewEvent(event: DomainEvent, eventId: string, ctx: CommandContext): NewEvent {
  const definition = eventDefinition(event.type);
  const data = definition.data.parse(event.data);
  return {
    eventId,
    type: event.type,
    data,
    metadata: {
      occurredAt: event.occurredAt,
      actor: ctx.actor,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      schemaVersion: definition.schemaVersion,
      ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
    },
  };
}
