import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import type { ProjectionDefinition } from '../../src/projection-engine/projection-definition';
import { InvalidProjectionError, UnknownProjectionError } from '../../src/projection-engine/projection-engine.errors';
import { partnerProposed, referralRegistered } from '../projections/support/ledger-events';
import { countEventLoopTurns } from '../support/event-loop-turns';
import { counterProjection, eventually, GatedSource, engineScope } from './support/engine-fixtures';

const scope = engineScope({ batchSize: 3 });
const { engines, engineWith, builtAndClosed } = scope;


const ref = (n: number, partnerId = 'p1') => referralRegistered({ referralId: `r${n}`, agreementId: 'a1', partnerId });

function counts(engine: ProjectionEngine, name = 'counter'): Record<string, number> {
  return Object.fromEntries(engine.documents(name).map((doc) => [doc.key, (doc.doc as { count: number }).count]));
}

describe('ProjectionEngine', () => {
  it('catches up from the store, then follows new events live, reporting each advance', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'), partnerProposed('p9'), ref(3));
    const advances: bigint[] = [];
    const engine = engineWith([counterProjection()], { onAdvance: (position) => advances.push(position) });
    await engine.start();
    expect(await engine.waitForPosition(4n)).toBe(true);
    expect(counts(engine)).toEqual({ p1: 2, p2: 1 });

    const position = await scope.ws.append(ref(4, 'p2'));
    expect(await engine.waitForPosition(position, { projection: 'counter' })).toBe(true);
    expect(counts(engine)).toEqual({ p1: 2, p2: 2 });
    expect(advances.at(-1)).toBe(position);
    const [status] = await engine.status();
    expect(status).toMatchObject({ name: 'counter', version: 1, generation: 1, checkpoint: position, lag: 0n, status: 'live' });
  });

  it('resumes after a restart from its checkpoint without applying anything twice', async () => {
    await scope.ws.append(ref(1), ref(2), ref(3), ref(4));
    const first = engineWith([counterProjection()]);
    expect(await first.catchUp()).toBe(4n);
    await first.close();
    engines.splice(engines.indexOf(first), 1);

    await scope.ws.append(ref(5), ref(6, 'p2'));
    const second = engineWith([counterProjection()]);
    expect(second.checkpoint('counter')).toBe(4n);
    await second.catchUp();
    expect(counts(second)).toEqual({ p1: 5, p2: 1 });
  });

  it('builds a projection added later from position 0 while the others skip what they already have', async () => {
    await scope.ws.append(ref(1), ref(2), ref(3), ref(4));
    await builtAndClosed([counterProjection()]);

    const second = { ...counterProjection(), name: 'second-counter' };
    const engine = engineWith([counterProjection(), second]);
    expect([engine.checkpoint('counter'), engine.checkpoint('second-counter')]).toEqual([4n, 0n]);
    await engine.start();
    const position = await scope.ws.append(ref(5));
    expect(await engine.waitForPosition(position)).toBe(true);
    expect(counts(engine)).toEqual({ p1: 5 });
    expect(counts(engine, 'second-counter')).toEqual({ p1: 5 });
  });

  it('writes a batch with its checkpoint or not at all: a failing projection keeps neither, the others advance', async () => {
    await scope.ws.append(ref(1), ref(2, 'boom'), ref(3));
    const failing: ProjectionDefinition = {
      ...counterProjection(),
      name: 'fragile',
      handle(event, store) {
        counterProjection().handle(event, store);
        if ((event.data as { partnerId: string }).partnerId === 'boom') throw new Error('cannot handle boom');
      },
    };
    const errors: Error[] = [];
    const engine = engineWith([failing, counterProjection()], { batchSize: 10, onError: (error) => errors.push(error) });
    await engine.catchUp();
    // The batch held all three events: the fragile projection kept none of it, not even ref 1's document.
    expect(engine.documents('fragile')).toEqual([]);
    expect(engine.checkpoint('fragile')).toBe(0n);
    expect(counts(engine)).toEqual({ p1: 2, boom: 1 });
    expect(engine.checkpoint('counter')).toBe(3n);
    const fragile = (await engine.status()).find((status) => status.name === 'fragile');
    expect(fragile).toMatchObject({ status: 'failed', error: { code: 'PROJECTION_HANDLER_FAILED', position: '2' } });
    expect(errors[0]?.message).toContain('cannot handle boom');
    // Its figures are frozen before the failure: queries must not be answered from it.
    expect(engine.availability('fragile')).toMatchObject({ available: false, reason: 'failed', error: { position: '2' } });
    expect(engine.availability('counter')).toEqual({ available: true });
  });

  it('counts every event once when a failure during a long catch-up undoes what the others had written', async () => {
    // Reads of two events, one commit for all: the failure on the third event rolls back the survivors' first
    // read too, and they must read it again rather than lose it or apply it twice.
    await scope.ws.append(ref(1), ref(2), ref(3, 'boom'), ref(4), ref(5, 'p2'));
    const failing: ProjectionDefinition = {
      ...counterProjection(),
      name: 'fragile',
      handle(event, store) {
        if ((event.data as { partnerId: string }).partnerId === 'boom') throw new Error('cannot handle boom');
        counterProjection().handle(event, store);
      },
    };
    // Written without being read: streamed into the open transaction as they come, then rolled back.
    const log: ProjectionDefinition = {
      name: 'log',
      version: 1,
      eventTypes: ['ReferralRegistered'],
      collections: { event: 'small' },
      handle(event, store) {
        store.put('event', String(event.position).padStart(4, '0'), { partnerId: (event.data as { partnerId: string }).partnerId });
      },
    };
    const engine = engineWith([failing, counterProjection(), log], { batchSize: 2, bulkCommitEvents: 100, onError: () => undefined });
    expect(await engine.catchUp()).toBe(5n);
    expect(counts(engine)).toEqual({ p1: 3, boom: 1, p2: 1 });
    expect(engine.documents('log').map((doc) => doc.key)).toEqual(['0001', '0002', '0003', '0004', '0005']);
    expect(engine.checkpoint('counter')).toBe(5n);
    expect(engine.documents('fragile')).toEqual([]);
    expect(engine.checkpoint('fragile')).toBe(0n);
  });

  it('has the database to itself during catchUp(): start() and rebuild() wait for it', async () => {
    await scope.ws.append(ref(1), ref(2));
    const gated = new GatedSource(scope.ws.store);
    gated.close();
    const engine = engineWith([counterProjection()], { store: gated });
    const caughtUp = engine.catchUp();
    await eventually(() => gated.readsStarted > 0, 'the catch-up to start reading');
    await expect(engine.start()).rejects.toThrow(/catchUp/);
    expect(() => engine.rebuild('counter')).toThrow(/catchUp/);
    gated.open();
    expect(await caughtUp).toBe(2n);
    expect(counts(engine)).toEqual({ p1: 2 });
  });

  it('rebuilds into a shadow generation while the current one keeps serving, then swaps atomically', async () => {
    await scope.ws.append(ref(1), ref(2), ref(3, 'p2'));
    const gated = new GatedSource(scope.ws.store);
    const engine = engineWith([counterProjection()], { store: gated });
    await engine.start();
    await engine.waitForPosition(3n);

    gated.close();
    const handle = engine.rebuild('counter');
    await eventually(() => gated.readsStarted > 0, 'the rebuild to start reading');
    // Half-way: the old generation still serves, and still follows $all.
    const position = await scope.ws.append(ref(4, 'p2'));
    expect(await engine.waitForPosition(position, { projection: 'counter' })).toBe(true);
    expect(counts(engine)).toEqual({ p1: 2, p2: 2 });
    expect((await engine.status())[0]).toMatchObject({ status: 'rebuilding', generation: 1, rebuildJobId: handle.jobId });
    expect(engine.job(handle.jobId)).toMatchObject({ state: 'running', projections: ['counter'] });

    gated.open();
    const progress = await handle.done;
    expect(progress).toMatchObject({ state: 'completed', processed: 4, total: 4, etaSeconds: 0 });
    expect(counts(engine)).toEqual({ p1: 2, p2: 2 });
    expect((await engine.status())[0]).toMatchObject({ generation: 2, status: 'live' });

    const after = await scope.ws.append(ref(5));
    await engine.waitForPosition(after);
    expect(counts(engine)).toEqual({ p1: 3, p2: 2 });
    const inspector = new Database(scope.ws.readModelPath, { readonly: true });
    const tables = inspector.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%'").all() as Array<{ name: string }>;
    inspector.close();
    // One table per collection of the generation serving; the old generation's are gone.
    expect(tables.map((table) => table.name)).toEqual(['rm_counter_g2$partner']);
  });

  it('drops the swapped-out generation after the swap, a table per turn of the event loop, before the job ends', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'));
    // Three collections: three tables for the old generation to lose.
    const tripled: ProjectionDefinition = {
      ...counterProjection(),
      collections: { partner: 'small', a: 'small', b: 'large' },
      handle(event, store) {
        counterProjection().handle(event, store);
        store.put('a', event.eventId, { n: 1 });
        store.put('b', event.eventId, { n: 1 });
      },
    };
    const engine = engineWith([tripled]);
    await engine.start();
    await engine.waitForPosition(2n);

    const loop = countEventLoopTurns();
    const tablesNow = (): string[] => {
      const inspector = new Database(scope.ws.readModelPath, { readonly: true });
      try {
        return (inspector.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%' ORDER BY name").all() as Array<{ name: string }>).map(
          (table) => table.name,
        );
      } finally {
        inspector.close();
      }
    };
    const database = engine.database;
    const promote = database.promote.bind(database);
    const dropRetired = database.dropRetired.bind(database);
    const tablesAtSwap: string[][] = [];
    const dropTurns: number[] = [];
    database.promote = (...args) => {
      const retired = promote(...args);
      tablesAtSwap.push(retired.map((table) => table.table).sort());
      return retired;
    };
    database.dropRetired = (table) => {
      dropTurns.push(loop.turns);
      dropRetired(table);
    };
    try {
      const progress = await engine.rebuild('counter').done;
      expect(progress.state).toBe('completed');
    } finally {
      loop.stop();
    }
    // The swap itself dropped nothing: it handed the old generation's three tables on.
    expect(tablesAtSwap).toEqual([['rm_counter_g1$a', 'rm_counter_g1$b', 'rm_counter_g1$partner']]);
    // One drop per turn, all done when the job ends.
    expect(dropTurns).toHaveLength(3);
    expect(new Set(dropTurns).size).toBe(3);
    expect(tablesNow()).toEqual(['rm_counter_g2$a', 'rm_counter_g2$b', 'rm_counter_g2$partner']);
    expect(counts(engine)).toEqual({ p1: 1, p2: 1 });
  });

  it('lets the event loop turn between the reads of a rebuild beside the live service', async () => {
    await scope.ws.append(...Array.from({ length: 30 }, (_, n) => ref(n + 1)));
    const engine = engineWith([counterProjection()], { bulkBatchSize: 3 });
    await engine.start();
    await engine.waitForPosition(30n);

    const handle = engine.rebuild('counter');
    let stateWhenTheLoopTurned: string | undefined;
    setImmediate(() => (stateWhenTheLoopTurned = engine.job(handle.jobId)?.state));
    expect(await handle.done).toMatchObject({ state: 'completed', processed: 30 });
    // Ten reads of three: a request arriving meanwhile is answered before the job ends, not after.
    expect(stateWhenTheLoopTurned).toBe('running');
  });

  it('rebuilds on start when the projection version changed, serving the old read model until the swap', async () => {
    await scope.ws.append(ref(1), ref(2));
    const v1 = engineWith([counterProjection(1, 1)]);
    await v1.catchUp();
    await v1.close();
    engines.splice(engines.indexOf(v1), 1);

    const gated = new GatedSource(scope.ws.store);
    gated.close();
    const v2 = engineWith([counterProjection(2, 10)], { store: gated });
    await v2.start();
    expect(counts(v2)).toEqual({ p1: 2 });
    const [status] = await v2.status();
    expect(status).toMatchObject({ version: 2, status: 'rebuilding', generation: 1 });
    expect(await v2.waitForPosition(2n, { projection: 'counter', timeoutMs: 50 })).toBe(false);
    // The old copy is of version 1's layout: today's queries must wait for the rebuild rather than read it.
    const job = v2.jobs()[0]!;
    expect(v2.availability('counter')).toEqual({ available: false, reason: 'other-version', rebuildJobId: job.jobId });

    gated.open();
    await eventually(() => v2.job(job.jobId)?.state === 'completed', 'the rebuild to finish');
    expect(counts(v2)).toEqual({ p1: 20 });
    expect(await v2.waitForPosition(2n, { projection: 'counter' })).toBe(true);
    expect(v2.availability('counter')).toEqual({ available: true });
  });

  it('rebuilds a projection that starts reading another event type, so it sees that type\'s past events', async () => {
    await scope.ws.append(ref(1), partnerProposed('p1'));
    await builtAndClosed([counterProjection()]);

    const wider: ProjectionDefinition = {
      ...counterProjection(),
      eventTypes: ['ReferralRegistered', 'PartnerProposed'],
    };
    const engine = engineWith([wider]);
    await engine.catchUp();
    expect(counts(engine)).toEqual({ p1: 2 });
    expect(engine.database.generation('counter', 'active')?.generation).toBe(2);
  });

  it('resumes an interrupted rebuild from its shadow checkpoint', async () => {
    await scope.ws.append(ref(1), ref(2), ref(3), ref(4), ref(5), ref(6));
    const v1 = engineWith([counterProjection(1, 1)]);
    await v1.catchUp();
    await v1.close();
    engines.splice(engines.indexOf(v1), 1);

    let reads = 0;
    const interrupted = engineWith([counterProjection(2, 10)], {
      // Commit every read, so the first read is on disk when the second one never returns.
      bulkCommitEvents: 3,
      store: {
        readAll: async (options) => {
          if (++reads > 1) await new Promise(() => undefined);
          return scope.ws.store.readAll(options);
        },
        headPosition: () => scope.ws.store.headPosition(),
        subscribeToAll: (options) => scope.ws.store.subscribeToAll(options),
      },
    });
    void interrupted.catchUp();
    await eventually(() => reads > 1, 'the rebuild to commit one batch');
    const shadow = interrupted.database.generation('counter', 'shadow');
    expect(shadow?.position).toBe(3n);
    interrupted.database.close();
    engines.splice(engines.indexOf(interrupted), 1);

    const resumed = engineWith([counterProjection(2, 10)]);
    await resumed.catchUp();
    expect(counts(resumed)).toEqual({ p1: 60 });
    expect(resumed.database.generations('counter').map((row) => [row.generation, row.role])).toEqual([[2, 'active']]);
  });

  it('replays to a position or to an instant into a throwaway read model', async () => {
    await scope.ws.append(ref(1), ref(2), ref(3, 'p2'));
    const engine = engineWith([counterProjection()]);
    const toTwo = await engine.replay({ toPosition: 2n });
    expect(toTwo.position).toBe(2n);
    expect(toTwo.reader('counter').get('partner', 'p1')).toEqual({ count: 2, last: 2 });
    expect(toTwo.reader('counter').get('partner', 'p2')).toBeUndefined();
    const asOf = await engine.replay({ asOf: toTwo.recordedAt! });
    expect(asOf.position).toBe(2n);
    toTwo.close();
    asOf.close();
    const none = await engine.replay({ asOf: '2000-01-01T00:00:00Z', storage: 'temp-file' });
    expect(none.position).toBe(0n);
    expect(none.documents('counter')).toEqual([]);
    none.close();
    expect(engine.documents('counter')).toEqual([]);
  });

  it('reads $all without payloads for projections that never read them, and with them when one does', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'));
    const seen = (name: string, readsData: boolean): ProjectionDefinition => ({
      name,
      version: 1,
      eventTypes: ['ReferralRegistered'],
      collections: { event: 'small' },
      readsData,
      handle(event, store) {
        store.put('event', String(event.position), { data: event.data === undefined ? 'none' : 'some', type: event.type });
      },
    });
    const bare = engineWith([seen('bare', false)]);
    await bare.catchUp();
    expect(bare.documents('bare').map((doc) => doc.doc)).toEqual([
      { data: 'none', type: 'ReferralRegistered' },
      { data: 'none', type: 'ReferralRegistered' },
    ]);
    const rebuilt = await bare.rebuild(['bare']).done;
    expect(rebuilt.state).toBe('completed');
    expect(bare.documents('bare').map((doc) => (doc.doc as { data: string }).data)).toEqual(['none', 'none']);

    const mixed = engineWith([seen('bare', false), seen('full', true)], { path: `${scope.ws.readModelPath}.mixed` });
    await mixed.catchUp();
    expect(mixed.documents('full').map((doc) => (doc.doc as { data: string }).data)).toEqual(['some', 'some']);
  });

  it('stops a projection that writes a collection it did not declare, naming it', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'));
    const errors: string[] = [];
    const stray: ProjectionDefinition = {
      ...counterProjection(),
      handle(event, store) {
        counterProjection().handle(event, store);
        store.put('totals', 'all', { seen: Number(event.position) });
      },
    };
    const engine = engineWith([stray], { onError: (error) => errors.push(error.message) });
    await engine.catchUp();
    const [status] = await engine.status();
    expect(status).toMatchObject({ status: 'failed', checkpoint: 0n });
    expect(errors.join('\n')).toMatch(/no collection "totals" \(declared: partner\)/);
    expect(counts(engine)).toEqual({});
  });

  it('opens a read model built before a collection was declared, then rebuilds it with that collection', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'));
    await builtAndClosed([counterProjection()]);

    const withTotals: ProjectionDefinition = {
      ...counterProjection(),
      collections: { partner: 'small', totals: 'small' },
      handle(event, store) {
        counterProjection().handle(event, store);
        const seen = store.get<{ events: number }>('totals', 'all')?.events ?? 0;
        store.put('totals', 'all', { events: seen + 1 });
      },
    };
    const engine = engineWith([withTotals]);
    const reader = engine.reader('counter');
    expect(reader.get('totals', 'all')).toBeUndefined();
    expect(reader.list('totals', '')).toEqual([]);
    expect(reader.get('partner', 'p1')).toEqual({ count: 1, last: 1 });

    await engine.catchUp();
    expect((await engine.status())[0]).toMatchObject({ generation: 2, checkpoint: 2n });
    expect(reader.get('totals', 'all')).toEqual({ events: 2 });
  });

  it('serves a read model kept in the one table of the older layout, and rebuilds it into a table per collection', async () => {
    await scope.ws.append(ref(1), ref(2, 'p2'), ref(3));
    // A generation as the engine laid it out before collections were declared: one table, (collection, key).
    const old = new Database(scope.ws.readModelPath);
    old.exec(`
      CREATE TABLE projection_checkpoints (name TEXT NOT NULL, generation INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('active', 'shadow')), fingerprint TEXT NOT NULL, position INTEGER NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (name, generation));
      CREATE UNIQUE INDEX projection_checkpoints_one_role ON projection_checkpoints (name, role);
      CREATE TABLE rm_counter_g1 (id INTEGER PRIMARY KEY, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE UNIQUE INDEX rm_counter_g1_key ON rm_counter_g1 (collection, key);
      INSERT INTO projection_checkpoints VALUES ('counter', 1, 'active', 'v1 types:0123456789ab', 2, '2026-01-01T00:00:00.000Z');
      INSERT INTO rm_counter_g1 (collection, key, doc) VALUES ('partner', 'p1', '{"count":1,"last":1}'), ('partner', 'p2', '{"count":1,"last":2}');
    `);
    old.close();
    const engine = engineWith([counterProjection()]);
    const reader = engine.reader('counter');
    expect(reader.get('partner', 'p2')).toEqual({ count: 1, last: 2 });
    expect(reader.list('partner', '').map((entry) => entry.key)).toEqual(['p1', 'p2']);
    expect(counts(engine)).toEqual({ p1: 1, p2: 1 });

    await engine.catchUp();
    expect(counts(engine)).toEqual({ p1: 2, p2: 1 });
    expect((await engine.status())[0]).toMatchObject({ generation: 2, checkpoint: 3n });
    const inspector = new Database(scope.ws.readModelPath, { readonly: true });
    const tables = inspector.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%'").all() as Array<{ name: string }>;
    inspector.close();
    expect(tables.map((table) => table.name)).toEqual(['rm_counter_g2$partner']);
  });

  it('lets a reader wait for a write of a type no projection reads', async () => {
    const engine = engineWith([counterProjection()]);
    await engine.start();
    const position = await scope.ws.append(ref(1), partnerProposed('p7'));
    expect(await engine.waitForPosition(position, { timeoutMs: 5000 })).toBe(true);
  });

  it('refuses definitions it cannot run and names it does not know', () => {
    expect(() => engineWith([{ ...counterProjection(), name: 'Bad Name' }])).toThrow(InvalidProjectionError);
    expect(() => engineWith([counterProjection(), counterProjection()])).toThrow(/twice/);
    expect(() => engineWith([{ ...counterProjection(), eventTypes: ['NoSuchEvent'] }])).toThrow(/unknown event type/);
    expect(() => engineWith([{ ...counterProjection(), collections: {} }])).toThrow(/declares no collection/);
    expect(() => engineWith([{ ...counterProjection(), collections: { Partner: 'small' } }])).toThrow(/collection name "Partner"/);
    const oddSize = { partner: 'medium' } as unknown as ProjectionDefinition['collections'];
    expect(() => engineWith([{ ...counterProjection(), collections: oddSize }])).toThrow(/one of 'small', 'large', 'write-only', got "medium"/);
    const engine = engineWith([counterProjection()]);
    expect(() => engine.reader('nope')).toThrow(UnknownProjectionError);
  });

  it('lists documents by key prefix in key order, page by page', async () => {
    await scope.ws.append(ref(1, 'b'), ref(2, 'a'), ref(3, 'ab'), ref(4, 'c'));
    const engine = engineWith([counterProjection()]);
    await engine.catchUp();
    const reader = engine.reader('counter');
    expect(reader.list('partner', 'a').map((entry) => entry.key)).toEqual(['a', 'ab']);
    expect(reader.list('partner', '').map((entry) => entry.key)).toEqual(['a', 'ab', 'b', 'c']);
    expect(reader.list('partner', '', { after: 'ab', limit: 1 }).map((entry) => entry.key)).toEqual(['b']);
    expect(reader.get('partner', 'c')).toEqual({ count: 1, last: 4 });
  });
});
