import Database from 'better-sqlite3';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allProjections, projections } from '../../projections';
import { auditTrailProjectionWith } from '../../projections/audit-trail.projection';
import { generationTableOf } from '../../src/projection-engine/collection-tables';
import type { ParallelCatchUp } from '../../src/projection-engine/catch-up-worker';
import type { ProjectionDefinition } from '../../src/projection-engine/projection-definition';
import type { ProjectionSource } from '../../src/projection-engine/projection-source';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import { InvalidProjectionError } from '../../src/projection-engine/projection-engine.errors';
import { ownFileOf } from '../../src/projection-engine/read-model-files';
import { opSeed, scenarioFrom } from './support/ledger-scenarios';
import { eventually, workspace, type Workspace } from './support/engine-fixtures';

const WORKER = join(__dirname, 'support', 'ts-catch-up-worker.cjs');
const AUDIT = projections.auditTrail.name;

let ws: Workspace;
const engines: ProjectionEngine[] = [];

beforeEach(async () => {
  ws = workspace();
  const [seeds] = fc.sample(fc.array(opSeed, { minLength: 60, maxLength: 60 }), { seed: 7, numRuns: 1 });
  await ws.append(...scenarioFrom(seeds!));
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  await ws.dispose();
});

function engineAt(file: string, options: Partial<ConstructorParameters<typeof ProjectionEngine>[0]> = {}): ProjectionEngine {
  const engine = new ProjectionEngine({ store: ws.store, path: join(ws.dir, file), projections: allProjections, batchSize: 7, ...options });
  engines.push(engine);
  return engine;
}

function parallel(workerEntry = WORKER): ParallelCatchUp {
  return { workerEntry, source: { store: 'sqlite', dbPath: join(ws.dir, 'events.db') } };
}

/** Every projection's documents and checkpoint. */
function contents(engine: ProjectionEngine, definitions: readonly ProjectionDefinition[] = allProjections) {
  return Object.fromEntries(definitions.map((d) => [d.name, { documents: engine.documents(d.name), checkpoint: engine.checkpoint(d.name) }]));
}

/** The audit trail as the worker builds it (same fingerprint), but one that throws if this thread runs it. */
const auditTrailNotHere: ProjectionDefinition = {
  ...projections.auditTrail,
  handle() {
    throw new Error('a handler ran in the main thread');
  },
};

/** The generations a file holds tables of (each collection of a generation has one). */
function generationTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'").all() as { name: string }[];
    return [...new Set(tables.map((row) => generationTableOf(row.name)))];
  } finally {
    db.close();
  }
}

describe('catchUp() with projections in files of their own', () => {
  it('builds each file in a worker thread, identical to building everything in this one, reporting progress', async () => {
    const errors: string[] = [];
    const progress: bigint[] = [];
    const indexing: string[] = [];
    // Were any of them run on this thread, these would fail the run: every handler throws here.
    const definitions = allProjections.map((d) => ({ ...d, handle: auditTrailNotHere.handle }));
    const split = engineAt('split.db', {
      projections: definitions,
      ownFiles: [AUDIT],
      parallel: { ...parallel(), onProgress: (position) => progress.push(position) },
      onError: (e) => errors.push(e.message),
      onIndexing: (projection, collections) => indexing.push(`${projection}: ${collections.join(', ')}`),
    });
    const single = engineAt('single.db');
    const head = await ws.store.headPosition();

    expect(await split.catchUp()).toBe(head);
    expect(await single.catchUp()).toBe(head);

    expect(errors).toEqual([]);
    expect(contents(split, definitions)).toEqual(contents(single));
    expect(progress.at(-1)).toBe(head);
    expect(progress.length).toBeGreaterThan(1);
    // The audit trail's worker said when it began sorting the keys of its write-only collections.
    expect(indexing).toEqual([`${AUDIT}: correlation, event, record`]);
    expect(split.documents(AUDIT).length).toBeGreaterThan(0);
    // The audit trail lives in its own file and nowhere else.
    expect(generationTables(ownFileOf(join(ws.dir, 'split.db'), AUDIT))).toEqual(['rm_audit_trail_g1']);
    expect(generationTables(join(ws.dir, 'split.db'))).not.toContain('rm_audit_trail_g1');
  });

  it('builds a projection here when its worker cannot (the worker has another version of it)', async () => {
    const errors: string[] = [];
    // Buckets of seven: not the worker's definition, so the worker must refuse rather than build its own.
    const definitions = allProjections.map((d) => (d.name === AUDIT ? auditTrailProjectionWith({ bucketEvents: 7 }) : d));
    const split = engineAt('split.db', { projections: definitions, ownFiles: [AUDIT], parallel: parallel(), onError: (e) => errors.push(e.message) });
    const single = engineAt('single.db', { projections: definitions });

    await split.catchUp();
    await single.catchUp();

    expect(errors).toEqual([expect.stringContaining(`the worker's ${AUDIT} is not the engine's`)]);
    expect(contents(split, definitions)).toEqual(contents(single, definitions));
  });

  it('builds a projection here when its worker dies', async () => {
    const crashing = join(ws.dir, 'crashing-worker.cjs');
    writeFileSync(crashing, "throw new Error('worker crashed on start');\n");
    const errors: string[] = [];
    const split = engineAt('split.db', { ownFiles: [AUDIT], parallel: parallel(crashing), onError: (e) => errors.push(e.message) });
    const single = engineAt('single.db');

    await split.catchUp();
    await single.catchUp();

    // One worker per file (the main one and the audit trail's): both died, so this thread built both.
    expect(errors).toEqual([expect.stringContaining('worker crashed on start'), expect.stringContaining('worker crashed on start')]);
    expect(contents(split)).toEqual(contents(single));
  });
});

describe('a projection in a file of its own', () => {
  it('is followed live and resumes from the checkpoint in its own file after a restart', async () => {
    const first = engineAt('live.db', { ownFiles: [AUDIT] });
    await first.start();
    const head = await ws.store.headPosition();
    expect(await first.waitForPosition(head)).toBe(true);
    const built = first.documents(AUDIT);
    await first.close();
    engines.splice(engines.indexOf(first), 1);

    const second = engineAt('live.db', { ownFiles: [AUDIT] });
    expect(second.checkpoint(AUDIT)).toBe(head);
    expect(second.documents(AUDIT)).toEqual(built);
    expect(existsSync(ownFileOf(join(ws.dir, 'live.db'), AUDIT))).toBe(true);
  });

  it('moving a projection into its own file drops its tables from the main file and builds it there', async () => {
    const before = engineAt('moved.db');
    await before.catchUp();
    const built = contents(before);
    await before.close();
    engines.splice(engines.indexOf(before), 1);
    expect(generationTables(join(ws.dir, 'moved.db'))).toContain('rm_audit_trail_g1');

    const after = engineAt('moved.db', { ownFiles: [AUDIT] });
    expect(generationTables(join(ws.dir, 'moved.db'))).not.toContain('rm_audit_trail_g1');
    expect(after.checkpoint(AUDIT)).toBe(0n);
    await after.catchUp();
    expect(contents(after)).toEqual(built);
  });

  it('moving a projection back into the main file removes its own file and rebuilds it in the main one', async () => {
    const before = engineAt('back.db', { ownFiles: [AUDIT] });
    await before.catchUp();
    const built = contents(before);
    await before.close();
    engines.splice(engines.indexOf(before), 1);
    const own = ownFileOf(join(ws.dir, 'back.db'), AUDIT);
    expect(existsSync(own)).toBe(true);

    const after = engineAt('back.db');
    expect(existsSync(own)).toBe(false);
    expect(existsSync(`${own}-wal`)).toBe(false);
    expect(after.checkpoint(AUDIT)).toBe(0n);
    await after.catchUp();
    expect(contents(after)).toEqual(built);
  });

  it('refuses an own file for a projection the engine does not run', () => {
    expect(() => engineAt('bad.db', { ownFiles: ['no-such-projection'] })).toThrow(InvalidProjectionError);
  });
});

describe('rebuilds with worker threads', () => {
  /** Every definition as the worker has it, but throwing if this thread runs it. */
  const notHere = allProjections.map((d) => ({ ...d, handle: auditTrailNotHere.handle }));
  /** The same projections at other versions: what an older release built. */
  const olderRelease = allProjections.map((d) => ({ ...d, version: d.version + 100 }));

  async function reference(): Promise<ReturnType<typeof contents>> {
    const single = engineAt('reference.db');
    await single.catchUp();
    return contents(single);
  }

  async function builtAndClosed(file: string, options: Partial<ConstructorParameters<typeof ProjectionEngine>[0]> = {}): Promise<void> {
    const engine = engineAt(file, { ownFiles: [AUDIT], ...options });
    await engine.catchUp();
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
  }

  it('a started engine rebuilds every projection in the workers, one per file, and swaps the shadows in', async () => {
    await builtAndClosed('live.db');
    const errors: string[] = [];
    const progress: bigint[] = [];
    const engine = engineAt('live.db', {
      projections: notHere,
      ownFiles: [AUDIT],
      parallel: { ...parallel(), onProgress: (position) => progress.push(position) },
      onError: (e) => errors.push(e.message),
    });
    await engine.start();
    const generations = notHere.map((d) => engine.database.generation(d.name, 'active')!.generation);

    const job = await engine.rebuild(notHere.map((d) => d.name)).done;

    // Every handler here throws: had this thread built anything, the job would have failed.
    expect(job.state).toBe('completed');
    expect(errors).toEqual([]);
    expect(progress.at(-1)).toBe(await ws.store.headPosition());
    expect(notHere.map((d) => engine.database.generation(d.name, 'active')!.generation)).toEqual(generations.map((g) => g + 1));
    expect(contents(engine, notHere)).toEqual(await reference());
  });

  it('read models of an older release are rebuilt in the workers on start, reported as rebuilding until the swap', async () => {
    await builtAndClosed('upgraded.db', { projections: olderRelease });
    const engine = engineAt('upgraded.db', { projections: notHere, ownFiles: [AUDIT], parallel: parallel() });
    await engine.start();
    expect(engine.availability('commissions')).toMatchObject({ available: false, reason: 'other-version' });

    await eventually(() => notHere.every((d) => engine.availability(d.name).available), 'every read model to be swapped in');
    expect(contents(engine, notHere)).toEqual(await reference());
  });

  it('catchUp() (the CLI replay) rebuilds read models of an older release in the workers', async () => {
    await builtAndClosed('replayed.db', { projections: olderRelease });
    const errors: string[] = [];
    const engine = engineAt('replayed.db', { projections: notHere, ownFiles: [AUDIT], parallel: parallel(), onError: (e) => errors.push(e.message) });

    expect(await engine.catchUp()).toBe(await ws.store.headPosition());
    expect(errors).toEqual([]);
    expect(contents(engine, notHere)).toEqual(await reference());
  });

  it('projections that start empty on a store with events are built in the workers on start, not served half-built', async () => {
    const engine = engineAt('first-start.db', { projections: notHere, ownFiles: [AUDIT], parallel: parallel() });
    await engine.start();
    expect(engine.availability('ledger')).toMatchObject({ available: false, reason: 'other-version', rebuildJobId: expect.any(String) });

    await eventually(() => notHere.every((d) => engine.availability(d.name).available), 'every read model to be swapped in');
    expect(contents(engine, notHere)).toEqual(await reference());
  });

  it('starts and builds empty projections in place when the store cannot say its head at start', async () => {
    const errors: string[] = [];
    let refusals = 1;
    const source: ProjectionSource = {
      headPosition: () => (refusals-- > 0 ? Promise.reject(new Error('store unreachable')) : ws.store.headPosition()),
      readAll: (options) => ws.store.readAll(options),
      subscribeToAll: (options) => ws.store.subscribeToAll(options),
    };
    const engine = engineAt('unreachable.db', { store: source, ownFiles: [AUDIT], parallel: parallel(), onError: (e) => errors.push(e.message) });

    await engine.start();

    expect(errors).toEqual(['store unreachable']);
    expect(engine.availability('ledger')).toEqual({ available: true });
    expect(await engine.waitForPosition(await ws.store.headPosition())).toBe(true);
    expect(contents(engine)).toEqual(await reference());
  });

  it('events appended while the workers build are read here before the swap', async () => {
    await builtAndClosed('busy.db');
    const engine = engineAt('busy.db', { ownFiles: [AUDIT], parallel: parallel() });
    await engine.start();
    const rebuild = engine.rebuild(allProjections.map((d) => d.name));
    const [more] = fc.sample(fc.array(opSeed, { minLength: 30, maxLength: 30 }), { seed: 11, numRuns: 1 });
    const head = await ws.append(...scenarioFrom(more!));

    expect((await rebuild.done).state).toBe('completed');
    expect(await engine.waitForPosition(head)).toBe(true);
    expect(contents(engine)).toEqual(await reference());
  });

  it('carries the rebuild on here when a worker cannot build (another version of a projection)', async () => {
    const definitions = allProjections.map((d) => (d.name === AUDIT ? auditTrailProjectionWith({ bucketEvents: 7 }) : d));
    await builtAndClosed('other.db', { projections: definitions });
    const errors: string[] = [];
    const engine = engineAt('other.db', { projections: definitions, ownFiles: [AUDIT], parallel: parallel(), onError: (e) => errors.push(e.message) });
    await engine.start();

    expect((await engine.rebuild(AUDIT).done).state).toBe('completed');
    expect(errors).toEqual([expect.stringContaining(`the worker's ${AUDIT} is not the engine's`)]);
    const single = engineAt('single.db', { projections: definitions });
    await single.catchUp();
    expect(contents(engine, definitions)).toEqual(contents(single, definitions));
  });

  it('a handler failure in a worker fails the rebuild with that failure, and the shadow is dropped', async () => {
    const bad = await ws.store.append('account-p-broken', [
      {
        eventId: randomUUID(),
        type: 'CommissionAccrued',
        data: { nonsense: true },
        metadata: { occurredAt: '2026-03-01T00:00:00.000Z', actor: { principalId: 'tester', role: 'admin' }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
      },
    ], 'any');
    const engine = engineAt('broken.db', { ownFiles: [AUDIT], parallel: parallel(), onError: () => undefined });
    await engine.start();
    await eventually(async () => (await engine.status()).some((s) => s.name === 'commissions' && s.status === 'failed'), 'the live failure');

    const job = await engine.rebuild('commissions').done;

    expect(job).toMatchObject({ state: 'failed', error: { message: expect.stringContaining('in its worker thread') } });
    expect(job.error?.message).toContain(`at position ${bad.position}`);
    expect(engine.database.generation('commissions', 'shadow')).toBeUndefined();
  });

  it('a rebuild cancelled while its workers build keeps what they committed, and the next start resumes from it', async () => {
    await builtAndClosed('cancelled.db');
    let reads = 0;
    const engine = engineAt('cancelled.db', { ownFiles: [AUDIT], parallel: { ...parallel(), onProgress: () => reads++ } });
    await engine.start();
    const rebuild = engine.rebuild(allProjections.map((d) => d.name));
    await eventually(() => reads > 0, 'a read in the workers');
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
    expect((await rebuild.done).state).toBe('cancelled');

    const resumed = engineAt('cancelled.db', { ownFiles: [AUDIT] });
    for (const d of allProjections) expect(resumed.database.generation(d.name, 'shadow')?.position).toBeGreaterThan(0n);
    await resumed.start();
    await eventually(() => allProjections.every((d) => resumed.availability(d.name).available) && resumed.jobs().every((j) => j.state !== 'running'), 'the resumed rebuild');
    expect(contents(resumed)).toEqual(await reference());
  });
});
