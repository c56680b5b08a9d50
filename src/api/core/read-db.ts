import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The read side's SQLite file. WAL so queries never block the projector's writes; synchronous=NORMAL is
 * enough here because everything in it (read models, checkpoints) can be rebuilt from the event store —
 * except idempotency keys, whose loss on power failure only means a retried command runs its (itself
 * idempotent) handler again.
 */
export function openReadDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
