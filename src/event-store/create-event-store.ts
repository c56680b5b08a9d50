import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreSettings {
  store: 'sqlite' | 'esdb';
  dbPath: string;
  eventStoreConnectionString?: string;
}

interface EsdbAdapterModule {
  EsdbEventStore: { connect(connectionString: string): EventStore | Promise<EventStore> };
}

/*
 * A variable specifier keeps the EventStoreDB adapter (and its gRPC client) out of the sqlite start path and
 * lets this file compile while that adapter is still being written.
 */
const ESDB_ADAPTER = './esdb/esdb-event-store';

/** Opens the configured adapter of the event store port. */
export async function createEventStore(settings: EventStoreSettings): Promise<EventStore> {
  if (settings.store === 'sqlite') return SqliteEventStore.open(settings.dbPath);
  if (!settings.eventStoreConnectionString) {
    throw new Error('EVENTSTORE_CONNECTION_STRING is required when LEDGER_STORE=esdb');
  }
  let adapter: EsdbAdapterModule;
  try {
    adapter = (await import(ESDB_ADAPTER)) as EsdbAdapterModule;
  } catch (error) {
    throw new Error(`the EventStoreDB adapter (src/event-store/esdb/esdb-event-store) cannot be loaded: ${String(error)}`);
  }
  return adapter.EsdbEventStore.connect(settings.eventStoreConnectionString);
}
