import { DomainErrorException } from '../domain/shared/domain-error';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { ProcessManager, ProcessManagerEffect } from './process-manager';

/** Where the process managers report; shaped like pino's (fields first, then the message). */
export interface ProcessManagerLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLog: ProcessManagerLog = { warn: () => undefined, error: () => undefined };

export interface DispatchOutcome {
  effects: ProcessManagerEffect[];
  /** Rule refusals: logged with the event id and skipped. */
  skipped: number;
}

/**
 * Hands one event to every interested process manager, in order. A domain refusal (e.g. an accrual for an
 * unknown agreement) is a fact about the event, not a fault: it is logged with the event id and skipped, so one
 * bad event cannot stop the ledger. Anything else (the store failing, a bug) is thrown to the caller.
 */
export async function dispatch(
  managers: readonly ProcessManager[],
  event: RecordedEvent,
  store: EventStore,
  log: ProcessManagerLog,
): Promise<DispatchOutcome> {
  const effects: ProcessManagerEffect[] = [];
  let skipped = 0;
  for (const manager of managers) {
    if (!manager.eventTypes.includes(event.type)) continue;
    try {
      effects.push(...(await manager.handle(event, store)));
    } catch (error) {
      if (!(error instanceof DomainErrorException)) throw error;
      skipped += 1;
      log.warn(
        {
          processManager: manager.name,
          eventId: event.eventId,
          eventType: event.type,
          streamId: event.streamId,
          position: event.position.toString(),
          code: error.error.code,
          details: error.error.details,
        },
        `${manager.name} skipped event ${event.eventId}: ${error.error.message}`,
      );
    }
  }
  return { effects, skipped };
}
