import Database from 'better-sqlite3';
import { generationTableOf } from './collection-tables';
import { DocumentTable } from './document-table';
import type { ProjectionDefinition } from './projection-definition';
import { ownFileOf } from './read-model-files';

export type GenerationRole = 'active' | 'shadow';

/** What the database needs of a definition to lay out and open its generations. */
export type LaidOut = Pick<ProjectionDefinition, 'name' | 'collections'>;

/** A table of a generation that was swapped out: no row points at it, and it waits to be dropped. */
export interface RetiredTable {
  schema: string;
  table: string;
}

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
  /**
   * Projections kept in a file of their own beside the main one (`ownFileOf(path, name)`), attached to the
   * same connection. A file has its own checkpoints table, so a projection's documents and its checkpoint are
   * still committed together; and a file nobody else writes can be built by another thread (catchUp()).
   */
  ownFiles?: readonly string[];
}

const SCHEMA_SQL = (schema: string): string => `
CREATE TABLE IF NOT EXISTS "${schema}".projection_checkpoints (
  name        TEXT    NOT NULL,
  generation  INTEGER NOT NULL,
  role        TEXT    NOT NULL CHECK (role IN ('active', 'shadow')),
  fingerprint TEXT    NOT NULL,
  position    INTEGER NOT NULL,
  updated_at  TEXT    NOT NULL,
  PRIMARY KEY (name, generation)
);
CREATE UNIQUE INDEX IF NOT EXISTS "${schema}".projection_checkpoints_one_role ON projection_checkpoints (name, role);
`;

type CheckpointRow = [string, bigint, string, string, bigint, string];

/** 128 MiB of 16 KiB pages. */
const BULK_WAL_PAGES = 8192;
const MAIN = 'main';

/**
 * The read models' SQLite file (plus the projections' own files, attached): one document table per projection
 * generation plus a checkpoints table per file. A batch's documents and its checkpoint are written in the same
 * transaction, so after a crash a projection resumes exactly after the last batch whose documents it kept.
 * (With several files a commit is atomic per file, which is what each projection needs: its documents and its
 * checkpoint live in the same file.)
 */
export class ReadModelDatabase {
  readonly db: Database.Database;
  private readonly tables = new Map<string, DocumentTable>();
  /** Projection name → schema of its own file; every other projection lives in `main`. */
  private readonly schemas = new Map<string, string>();
  private readonly attached = new Set<string>();
  /** Per schema: checkpoints are advanced by every batch. */
  private readonly setPositionStmts = new Map<string, Database.Statement<[bigint, string, string, number]>>();
  private bulkWriters = 0;

  static open(path: string, options: ReadModelDatabaseOptions = {}): ReadModelDatabase {
    return new ReadModelDatabase(path, new Database(path), options);
  }

  private constructor(
    readonly path: string,
    db: Database.Database,
    private readonly options: ReadModelDatabaseOptions,
  ) {
    this.db = db;
    this.configure(MAIN);
    // Read models are rebuilt from scratch at 10^5 events/s: a larger page cache keeps hot documents in memory.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec(SCHEMA_SQL(MAIN));
    for (const name of options.ownFiles ?? []) {
      const schema = `p_${name.replace(/-/g, '_')}`;
      this.schemas.set(name, schema);
      this.attach(name);
      // Left in the main file by a layout that kept it there: its own file is the one that counts now.
      this.db.transaction(() => {
        for (const row of this.rowsOf(MAIN, name)) this.dropGenerationIn(MAIN, row.name, row.generation);
      }).immediate();
    }
  }

  /** The file that holds a projection's generations. */
  fileOf(name: string): string {
    return this.schemas.has(name) ? ownFileOf(this.path, name) : this.path;
  }

  /** Whether the projection has a file of its own (see ReadModelDatabaseOptions.ownFiles). */
  hasOwnFile(name: string): boolean {
    return this.schemas.has(name);
  }

  /**
   * Lets go of a projection's own file, so another connection (a worker thread) can write it without this
   * one's transactions locking it; `attach` takes it back. Its tables' cached state is dropped.
   */
  detach(name: string): void {
    const schema = this.schemas.get(name);
    if (schema === undefined || !this.attached.has(schema)) return;
    // Statements name the schema: prepared afresh once it is attached again.
    this.setPositionStmts.delete(schema);
    this.db.exec(`DETACH DATABASE "${schema}"`);
    this.attached.delete(schema);
    for (const key of [...this.tables.keys()]) if (key.startsWith(`${schema}.`)) this.tables.delete(key);
  }

  /**
   * Drops what this connection's table objects know of a projection's generations (cached documents, the keys a
   * fresh table was written with): another connection is about to write them.
   */
  forget(name: string): void {
    const schema = this.schemas.get(name) ?? MAIN;
    for (const row of this.rowsOf(schema, name)) this.tables.delete(`${schema}.${tableNameOf(name, row.generation)}`);
  }

  /** Drops what this connection's table object knows of one generation (another connection is writing it). */
  forgetGeneration(name: string, generation: number): void {
    this.tables.delete(`${this.schemaOf(name)}.${tableNameOf(name, generation)}`);
  }

  attach(name: string): void {
    const schema = this.schemas.get(name);
    if (schema === undefined || this.attached.has(schema)) return;
    this.db.prepare(`ATTACH DATABASE ? AS "${schema}"`).run(this.fileOf(name));
    this.attached.add(schema);
    this.configure(schema);
    this.db.pragma(`"${schema}".cache_size = -32768`);
    this.db.exec(SCHEMA_SQL(schema));
  }

  generations(name?: string): GenerationRow[] {
    if (name !== undefined) return this.rowsOf(this.schemaOf(name), name);
    const rows = [MAIN, ...this.attached].flatMap((schema) => this.rowsOf(schema));
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.generation - b.generation));
  }

  generation(name: string, role: GenerationRole): GenerationRow | undefined {
    return this.generations(name).find((row) => row.role === role);
  }

  /**
   * A new, empty generation (its collections' tables) and its checkpoint row, created together.
   * `deferKeyIndexes`: see DocumentTableOptions (only for a build that will have the file to itself).
   */
  createGeneration(definition: LaidOut, role: GenerationRole, fingerprint: string, options: { deferKeyIndexes?: boolean } = {}): GenerationRow {
    const { name, collections } = definition;
    const schema = this.schemaOf(name);
    let created: DocumentTable | undefined;
    const row = this.db.transaction(() => {
      const existing = this.generations(name);
      const generation = existing.reduce((max, row) => Math.max(max, row.generation), 0) + 1;
      const tableName = tableNameOf(name, generation);
      // Tables without a checkpoint row are leftovers of an interrupted run: never trust their content.
      this.tables.delete(`${schema}.${tableName}`);
      for (const leftover of this.tablesOf(schema, tableName)) this.dropTableNow(leftover);
      created = DocumentTable.create(this.db, tableName, { collections, fresh: true, schema, deferKeyIndexes: options.deferKeyIndexes ?? false });
      const row: GenerationRow = { name, generation, role, fingerprint, position: 0n, updatedAt: new Date().toISOString() };
      this.db
        .prepare(
          `INSERT INTO "${schema}".projection_checkpoints (name, generation, role, fingerprint, position, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(name, generation, role, fingerprint, 0n, row.updatedAt);
      return row;
    }).immediate();
    // Registered only once the transaction committed: this object is the table's only writer from now on,
    // which is what lets it know every key the table holds.
    if (created) this.tables.set(`${schema}.${created.tableName}`, created);
    return row;
  }

  /** Call inside the batch's transaction. */
  setPosition(name: string, generation: number, position: bigint): void {
    const schema = this.schemaOf(name);
    let stmt = this.setPositionStmts.get(schema);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE "${schema}".projection_checkpoints SET position = ?, updated_at = ? WHERE name = ? AND generation = ?`);
      this.setPositionStmts.set(schema, stmt);
    }
    stmt.run(position, new Date().toISOString(), name, generation);
  }

  /**
   * The swap: the shadow becomes the active generation and the old one disappears, in one transaction, so a
   * reader sees either the old read model or the new one, never a mix, and a crash leaves one of the two.
   * The old generation's row goes, so nothing reaches its tables any more; they are returned for the caller to
   * drop later with `dropRetired` (dropping a large table reads every page of it: ~140 ms of this thread for the
   * records of a million-event audit trail). A crash before then leaves them to the orphan sweep of the next start.
   */
  promote(name: string, shadowGeneration: number, position: bigint): RetiredTable[] {
    const schema = this.schemaOf(name);
    return this.db.transaction(() => {
      const active = this.generation(name, 'active');
      const retired = active ? this.retireGenerationIn(schema, active.name, active.generation) : [];
      this.db
        .prepare(`UPDATE "${schema}".projection_checkpoints SET role = 'active', position = ?, updated_at = ? WHERE name = ? AND generation = ?`)
        .run(position, new Date().toISOString(), name, shadowGeneration);
      return retired;
    }).immediate();
  }

  /**
   * Drops a table `promote` retired (if a sweep has not already: an orphan sweep drops such tables too). Not
   * while its file is detached for a worker thread, nor once closed: the next start's sweep drops it then.
   */
  dropRetired(retired: RetiredTable): void {
    if (!this.db.open || (retired.schema !== MAIN && !this.attached.has(retired.schema))) return;
    this.immediateTransaction(() => this.dropTableNow(retired));
  }

  dropGeneration(name: string, generation: number): void {
    this.db.transaction(() => this.dropGenerationIn(this.schemaOf(name), name, generation)).immediate();
  }

  /** Tables of generations that have no checkpoint row (a crash between steps that are not one transaction). */
  dropOrphanTables(): void {
    for (const schema of [MAIN, ...this.attached]) {
      // In one transaction, so the rows and the tables are seen as of one moment: another connection (the engine
      // that started this one's worker thread) may be creating a generation, its tables and its row together.
      this.immediateTransaction(() => {
        const known = new Set(this.rowsOf(schema).map((row) => tableNameOf(row.name, row.generation)));
        for (const table of this.readModelTables(schema)) {
          if (!known.has(generationTableOf(table))) {
            this.db.exec(`DROP TABLE IF EXISTS "${schema}"."${table}"`);
            this.tables.delete(`${schema}.${generationTableOf(table)}`);
          }
        }
      });
    }
  }

  table(definition: LaidOut, generation: number): DocumentTable {
    const schema = this.schemaOf(definition.name);
    const tableName = tableNameOf(definition.name, generation);
    let table = this.tables.get(`${schema}.${tableName}`);
    if (!table) {
      table = new DocumentTable(this.db, tableName, { collections: definition.collections, schema });
      this.tables.set(`${schema}.${tableName}`, table);
    }
    return table;
  }

  /** How many documents a generation holds (the CLI's and the benchmark's report). */
  countDocuments(name: string, generation: number): number {
    const schema = this.schemaOf(name);
    const tableName = tableNameOf(name, generation);
    let count = 0;
    for (const table of this.readModelTables(schema)) {
      if (generationTableOf(table) !== tableName) continue;
      count += Number(this.db.prepare<[], [number]>(`SELECT count(*) FROM "${schema}"."${table}"`).raw(true).get()![0]);
    }
    return count;
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

  /**
   * Deferred: for work whose first statement writes (a batch's documents and checkpoints), which takes the write
   * lock of just the file it writes, waiting (busy timeout) while another connection commits. Work that reads
   * before it writes takes `immediateTransaction`.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * IMMEDIATE: takes the write lock (of every attached file) at BEGIN, waiting while another connection commits.
   * A deferred transaction that reads before it writes (a swap, a new generation, the orphan sweep) fails at once
   * with SQLITE_BUSY instead when another connection commits in between, which a rebuild's worker threads
   * writing the same files do.
   */
  immediateTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private configure(schema: string): void {
    // Larger pages suit documents of hundreds of bytes; it only takes effect on a new file (before WAL).
    this.db.pragma(`"${schema}".page_size = 16384`);
    this.db.pragma(`"${schema}".journal_mode = WAL`);
    this.db.pragma(`"${schema}".synchronous = ${this.options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  }

  private schemaOf(name: string): string {
    const schema = this.schemas.get(name);
    if (schema === undefined) return MAIN;
    if (!this.attached.has(schema)) throw new Error(`read model ${name}: its file is detached (another thread is writing it)`);
    return schema;
  }

  private rowsOf(schema: string, name?: string): GenerationRow[] {
    const sql =
      `SELECT name, generation, role, fingerprint, position, updated_at FROM "${schema}".projection_checkpoints` +
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

  private dropGenerationIn(schema: string, name: string, generation: number): void {
    for (const retired of this.retireGenerationIn(schema, name, generation)) this.dropTableNow(retired);
  }

  /** Inside the caller's transaction. */
  private dropTableNow({ schema, table }: RetiredTable): void {
    this.db.exec(`DROP TABLE IF EXISTS "${schema}"."${table}"`);
  }

  /** Forgets a generation (its row, its tables' state here) and returns its tables, still to be dropped. */
  private retireGenerationIn(schema: string, name: string, generation: number): RetiredTable[] {
    this.db.prepare(`DELETE FROM "${schema}".projection_checkpoints WHERE name = ? AND generation = ?`).run(name, generation);
    const tableName = tableNameOf(name, generation);
    this.tables.delete(`${schema}.${tableName}`);
    return this.tablesOf(schema, tableName);
  }

  /** Every table of a generation: its collections' tables, or the one table of an older layout. */
  private tablesOf(schema: string, tableName: string): RetiredTable[] {
    return this.readModelTables(schema)
      .filter((table) => generationTableOf(table) === tableName)
      .map((table) => ({ schema, table }));
  }

  /** The tables of every generation in a schema, collections' tables included. */
  private readModelTables(schema: string): string[] {
    return this.db
      .prepare<[], [string]>(`SELECT name FROM "${schema}".sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'`)
      .raw(true)
      .all()
      .map((row) => row[0]);
  }
}

/** Projection names are validated (lower-case letters, digits, dashes), so the table name needs no quoting tricks. */
export function tableNameOf(name: string, generation: number): string {
  return `rm_${name.replace(/-/g, '_')}_g${generation}`;
}
