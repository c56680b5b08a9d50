import Database from 'better-sqlite3';
import { DocumentTable } from './document-table';

export type GenerationRole = 'active' | 'shadow';

/** One row of the checkpoints table: a generation of a projection's read model and how far it has read. */
export interface GenerationRow {
  name: string;
  generation: number;
  role: GenerationRole;
  fingerprint: string;
  /** Every event of $all at or before this position is reflected in the generation. */
  position: bigint;
  updatedAt: string;
}

export interface ReadModelDatabaseOptions {
  /** FULL survives power loss; NORMAL (default) may lose the last batches, which are simply read again. */
  durability?: 'normal' | 'full';
}

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name        TEXT    NOT NULL,
  generation  INTEGER NOT NULL,
  role        TEXT    NOT NULL CHECK (role IN ('active', 'shadow')),
  fingerprint TEXT    NOT NULL,
  position    INTEGER NOT NULL,
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (name, generation)
);
CREATE UNIQUE INDEX IF NOT EXISTS projection_checkpoints_one_role ON projection_checkpoints (name, role);
`;

type CheckpointRow = [string, bigint, string, string, bigint, string];

/** 128 MiB of 16 KiB pages. */
const BULK_WAL_PAGES = 8192;

/**
 * The read models' SQLite file: one document table per projection generation plus the checkpoints table.
 * A batch's documents and its checkpoint are written in the same transaction, so after a crash a projection
 * resumes exactly after the last batch whose documents it kept.
 */
export class ReadModelDatabase {
  readonly db: Database.Database;
  private readonly tables = new Map<string, DocumentTable>();
  private readonly setPositionStmt: Database.Statement<[bigint, string, string, number]>;
  private bulkWriters = 0;

  static open(path: string, options: ReadModelDatabaseOptions = {}): ReadModelDatabase {
    return new ReadModelDatabase(new Database(path), options);
  }

  private constructor(db: Database.Database, options: ReadModelDatabaseOptions) {
    this.db = db;
    // Larger pages suit documents of hundreds of bytes; it only takes effect on a new file (before WAL).
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // Read models are rebuilt from scratch at 10^5 events/s: a larger page cache keeps hot documents in memory.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec(SCHEMA_SQL);
    this.setPositionStmt = db.prepare(
      'UPDATE projection_checkpoints SET position = ?, updated_at = ? WHERE name = ? AND generation = ?',
    );
  }

  generations(name?: string): GenerationRow[] {
    const sql =
      'SELECT name, generation, role, fingerprint, position, updated_at FROM projection_checkpoints' +
      (name === undefined ? '' : ' WHERE name = ?') +
      ' ORDER BY name, generation';
    const stmt = this.db.prepare<unknown[], CheckpointRow>(sql).raw(true).safeIntegers(true);
    const rows = name === undefined ? stmt.all() : stmt.all(name);
    return rows.map((row) => ({
      name: row[0],
      generation: Number(row[1]),
      role: row[2] as GenerationRole,
      fingerprint: row[3],
      position: row[4],
      updatedAt: row[5],
    }));
  }

  generation(name: string, role: GenerationRole): GenerationRow | undefined {
    return this.generations(name).find((row) => row.role === role);
  }

  /** A new, empty generation table and its checkpoint row, created together. */
  createGeneration(name: string, role: GenerationRole, fingerprint: string): GenerationRow {
    let created: DocumentTable | undefined;
    const row = this.db.transaction(() => {
      const existing = this.generations(name);
      const generation = existing.reduce((max, row) => Math.max(max, row.generation), 0) + 1;
      const tableName = tableNameOf(name, generation);
      // A table without a checkpoint row is a leftover of an interrupted run: never trust its content.
      this.db.exec(`DROP TABLE IF EXISTS "${tableName}"`);
      this.tables.delete(tableName);
      created = DocumentTable.create(this.db, tableName, { fresh: true });
      const row: GenerationRow = { name, generation, role, fingerprint, position: 0n, updatedAt: new Date().toISOString() };
      this.db
        .prepare(
          'INSERT INTO projection_checkpoints (name, generation, role, fingerprint, position, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(name, generation, role, fingerprint, 0n, row.updatedAt);
      return row;
    })();
    // Registered only once the transaction committed: this object is the table's only writer from now on,
    // which is what lets it know every key the table holds.
    if (created) this.tables.set(created.tableName, created);
    return row;
  }

  /** Call inside the batch's transaction. */
  setPosition(name: string, generation: number, position: bigint): void {
    this.setPositionStmt.run(position, new Date().toISOString(), name, generation);
  }

  /**
   * The swap: the shadow becomes the active generation and the old one disappears, in one transaction, so a
   * reader sees either the old read model or the new one, never a mix, and a crash leaves one of the two.
   */
  promote(name: string, shadowGeneration: number, position: bigint): void {
    this.db.transaction(() => {
      const active = this.generation(name, 'active');
      if (active) this.dropGenerationNow(active.name, active.generation);
      this.db
        .prepare("UPDATE projection_checkpoints SET role = 'active', position = ?, updated_at = ? WHERE name = ? AND generation = ?")
        .run(position, new Date().toISOString(), name, shadowGeneration);
    })();
  }

  dropGeneration(name: string, generation: number): void {
    this.db.transaction(() => this.dropGenerationNow(name, generation))();
  }

  /** Tables of generations that have no checkpoint row (a crash between steps that are not one transaction). */
  dropOrphanTables(): void {
    const known = new Set(this.generations().map((row) => tableNameOf(row.name, row.generation)));
    const tables = this.db
      .prepare<[], [string]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'")
      .raw(true)
      .all()
      .map((row) => row[0]);
    for (const table of tables) {
      if (!known.has(table)) {
        this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
        this.tables.delete(table);
      }
    }
  }

  table(name: string, generation: number): DocumentTable {
    const tableName = tableNameOf(name, generation);
    let table = this.tables.get(tableName);
    if (!table) {
      table = new DocumentTable(this.db, tableName);
      this.tables.set(tableName, table);
    }
    return table;
  }

  /**
   * A bulk writer (catch-up, rebuild, replay) starts or ends. While one runs, the WAL is checkpointed every
   * 128 MiB instead of every 16 MiB: a page that every commit changes (the current slice of an index, a hot
   * total) is then copied into the database file once per checkpoint rather than once per commit. Durability
   * is unchanged: commits still go through the same WAL with the same synchronous setting.
   */
  enterBulk(): void {
    if (this.bulkWriters++ === 0) this.db.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`);
  }

  leaveBulk(): void {
    if (this.bulkWriters > 0 && --this.bulkWriters === 0 && this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /**
   * A transaction left open across awaits, for a streaming bulk writer that has the connection to itself
   * (see PendingBatch): better-sqlite3's transaction() cannot span an await.
   */
  begin(): void {
    this.db.prepare('BEGIN IMMEDIATE').run();
  }

  commit(): void {
    this.db.prepare('COMMIT').run();
  }

  rollback(): void {
    if (this.db.open && this.db.inTransaction) this.db.prepare('ROLLBACK').run();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private dropGenerationNow(name: string, generation: number): void {
    const tableName = tableNameOf(name, generation);
    this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ? AND generation = ?').run(name, generation);
    this.db.exec(`DROP TABLE IF EXISTS "${tableName}"`);
    this.tables.delete(tableName);
  }
}

/** Projection names are validated (lower-case letters, digits, dashes), so the table name needs no quoting tricks. */
export function tableNameOf(name: string, generation: number): string {
  return `rm_${name.replace(/-/g, '_')}_g${generation}`;
}
