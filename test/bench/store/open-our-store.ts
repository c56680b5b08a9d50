import type { EventStore } from '../../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

/** The store under test: the embedded SQLite adapter, one file per scenario. */
export async function openOurStore(path: string): Promise<EventStore> {
  return SqliteEventStore.open(path);
}
