import type { CommandContext } from '../application/command-context';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';

/**
 * A cross-stream effect (a conversion accrues a commission on the account; a resolved dispute posts an
 * adjustment). Driven by the durable, checkpointed subscription, and also invoked inline by the command handler
 * right after its own append so that the caller reads its own write. Either way `handle` must be idempotent:
 * it appends through executeCommand with a natural key derived from the causing event id, so a retry or a crash
 * between the two appends can never post twice.
 */
export interface ProcessManager {
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** Returns the appends it made (empty when there was nothing to do or it had been done already). */
  handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]>;
}

export interface ProcessManagerEffect {
  streamId: string;
  position: bigint;
  duplicate: boolean;
}

/** The metadata of an effect: same business transaction and business time, caused by the event. */
export function effectContext(manager: string, cause: RecordedEvent): CommandContext {
  return {
    actor: { principalId: `process-manager:${manager}`, role: 'system' },
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    occurredAt: cause.metadata.occurredAt,
    occurredAtGiven: true,
  };
}
