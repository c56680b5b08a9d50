import Database from 'better-sqlite3';
import { APPEND_ONLY_TRIGGERS, applySchema } from '../../../src/event-store/sqlite/schema';

/**
 * Rewrites one field of a stored event the way someone with the SQLite file could: drop the append-only
 * triggers, update the row, put the triggers back. The hash chain is what must notice.
 */
export function tamperWithEvent(dbPath: string, eventId: string, field: string, value: string): void {
  const db = new Database(dbPath);
  try {
    db.transaction(() => {
      for (const trigger of APPEND_ONLY_TRIGGERS) db.exec(`DROP TRIGGER ${trigger}`);
      const changed = db.prepare('UPDATE events SET data = json_set(data, ?, ?) WHERE event_id = ?').run(`$.${field}`, value, eventId);
      if (changed.changes !== 1) throw new Error(`no event ${eventId} to tamper with`);
      applySchema(db);
    })();
  } finally {
    db.close();
  }
}
