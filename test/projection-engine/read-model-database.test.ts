import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadModelDatabase } from '../../src/projection-engine/read-model-database';
import { counterProjection } from './support/engine-fixtures';

/** Another connection, in another thread, committing 200-row transactions to `file` until `stop[0]` is set. */
const OTHER_WRITER = `
  const { workerData, parentPort } = require('node:worker_threads');
  const Database = require(workerData.sqlite);
  const stop = new Int32Array(workerData.stop);
  const db = new Database(workerData.file, { timeout: 5000 });
  const insert = db.prepare('INSERT INTO other_writer (v) VALUES (?)');
  const commit = db.transaction(() => { for (let i = 0; i < 200; i++) insert.run('x'.repeat(100)); });
  parentPort.postMessage('writing');
  let commits = 0;
  while (Atomics.load(stop, 0) === 0) { commit(); commits++; }
  db.close();
  parentPort.postMessage(commits);
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-model-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ReadModelDatabase beside another writer of its file', () => {
  it('creates and swaps generations while another thread commits (a rebuild worker), without SQLITE_BUSY', async () => {
    const file = join(dir, 'read-models.db');
    const database = ReadModelDatabase.open(file);
    database.db.exec('CREATE TABLE other_writer (v TEXT)');
    const stop = new SharedArrayBuffer(4);
    const sqlite = createRequire(__filename).resolve('better-sqlite3');
    const worker = new Worker(OTHER_WRITER, { eval: true, workerData: { sqlite, file, stop } });
    const started = new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const finished = new Promise<number>((resolve) => worker.on('message', (message: unknown) => typeof message === 'number' && resolve(message)));
    await started;

    const definition = counterProjection();
    try {
      for (let round = 0; round < 200; round++) {
        // Both read the checkpoints before they write (the swap as tryPromote runs it): deferred, another commit
        // in between made them fail.
        const shadow = database.createGeneration(definition, 'shadow', 'fingerprint');
        const retired = database.immediateTransaction(() => database.promote(definition.name, shadow.generation, BigInt(round + 1)));
        for (const table of retired) database.dropRetired(table);
      }
    } finally {
      Atomics.store(new Int32Array(stop), 0, 1);
    }
    const commits = await finished;

    expect(commits).toBeGreaterThan(0);
    expect(database.generations(definition.name)).toMatchObject([{ role: 'active', position: 200n }]);
    database.close();
  });
});

describe('ReadModelDatabase: tables retired by a swap', () => {
  it('drops them later, but not while their file is detached for a worker thread', () => {
    const database = ReadModelDatabase.open(join(dir, 'read-models.db'), { ownFiles: ['counter'] });
    const definition = counterProjection();
    try {
      const first = database.createGeneration(definition, 'active', 'fingerprint');
      const shadow = database.createGeneration(definition, 'shadow', 'fingerprint');
      const retired = database.immediateTransaction(() => database.promote(definition.name, shadow.generation, 1n));
      expect(retired.map((table) => table.table)).toEqual([`rm_counter_g${first.generation}$partner`]);
      const tables = (): string[] =>
        database.db
          .prepare(`SELECT name FROM "${retired[0]!.schema}".sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name`)
          .pluck()
          .all() as string[];
      expect(tables()).toEqual([`rm_counter_g${first.generation}$partner`, `rm_counter_g${shadow.generation}$partner`]);

      database.detach(definition.name);
      expect(() => database.dropRetired(retired[0]!)).not.toThrow();
      database.attach(definition.name);
      expect(tables()).toHaveLength(2);

      database.dropRetired(retired[0]!);
      expect(tables()).toEqual([`rm_counter_g${shadow.generation}$partner`]);
      expect(database.generations(definition.name)).toMatchObject([{ generation: shadow.generation, role: 'active', position: 1n }]);
    } finally {
      database.close();
    }
  });
});
