import Database from 'better-sqlite3';
import { expect } from 'vitest';

/** SQLite's own check of a store file (pages, indexes, free lists), read-only, after crashes or races. */
export function expectIntactFile(path: string): void {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}
