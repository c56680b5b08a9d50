import Database from 'better-sqlite3';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS process_manager_checkpoints (
  name       TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT    NOT NULL
);
`;

/**
 * How far the process managers have read `$all`, kept durably in the read-side SQLite file. Losing the last
 * update only means re-reading a batch: every effect is idempotent (deterministic event ids).
 */
export class CheckpointStore {
  private readonly readStmt: Database.Statement<[string], { position: bigint }>;
  private readonly writeStmt: Database.Statement<[string, bigint, string]>;

  /** A database handle (e.g. the read side's READ_DB, left open) or a file path (opened and owned here). */
  static open(target: Database.Database | string): CheckpointStore {
    return typeof target === 'string' ? new CheckpointStore(new Database(target, { timeout: 5_000 }), true) : new CheckpointStore(target, false);
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly owned: boolean,
  ) {
    db.exec(SCHEMA_SQL);
    this.readStmt = db.prepare<[string], { position: bigint }>('SELECT position FROM process_manager_checkpoints WHERE name = ?').safeIntegers(true);
    this.writeStmt = db.prepare(
      `INSERT INTO process_manager_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  read(name: string): bigint {
    return this.readStmt.get(name)?.position ?? 0n;
  }

  write(name: string, position: bigint): void {
    this.writeStmt.run(name, position, new Date().toISOString());
  }

  close(): void {
    if (this.owned && this.db.open) this.db.close();
  }
}
