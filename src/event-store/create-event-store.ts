import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreSettings {
  store: 'sqlite' | 'esdb';
  dbPath: string;
  eventStoreConnectionString?: string;
  /** SQLite only: see SqliteEventStoreOptions.streamReadMapBytes (its default when absent). */
  streamReadMapBytes?: number;
  /** Where the EventStoreDB adapter reports resubscriptions and other recoverable trouble. */
  onWarning?: (message: string, error?: unknown) => void;
}

/** Opens the configured adapter of the event store port. */
export async function createEventStore(settings: EventStoreSettings): Promise<EventStore> {
  if (settings.store === 'sqlite') {
    return SqliteEventStore.open(settings.dbPath, settings.streamReadMapBytes === undefined ? {} : { streamReadMapBytes: settings.streamReadMapBytes });
  }
  if (!settings.eventStoreConnectionString) {
    throw new Error('EVENTSTORE_CONNECTION_STRING is required when LEDGER_STORE=esdb');
  }
  // Loaded on demand so the embedded default never loads the gRPC client.
  const { EsdbEventStore } = await import('./esdb/esdb-event-store');
  return EsdbEventStore.connect(settings.eventStoreConnectionString, { onWarning: settings.onWarning });
}
