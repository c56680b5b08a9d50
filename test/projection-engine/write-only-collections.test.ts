import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionTableName, KeyIndex } from '../../src/projection-engine/collection-tables';
import type { ProjectionDefinition } from '../../src/projection-engine/projection-definition';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import { ReadModelDatabase, tableNameOf } from '../../src/projection-engine/read-model-database';
import { referralRegistered } from '../projections/support/ledger-events';
import { eventually, GatedSource, engineScope } from './support/engine-fixtures';

const scope = engineScope({ batchSize: 2, bulkCommitEvents: 3 });
const { engines, engineWith, builtAndClosed } = scope;

interface LastReferral {
  referralId: string;
  position: number;
}

/** Keeps each partner's latest referral in a write-only collection: every event overwrites its partner's key. */
function latestProjection(misuse?: 'get' | 'delete', version = 1): ProjectionDefinition {
  return {
    name: 'latest',
    version,
    eventTypes: ['ReferralRegistered'],
    collections: { last: 'write-only', seen: 'small' },
    handle(event, store) {
      const { partnerId, referralId } = event.data as { partnerId: string; referralId: string };
      if (misuse === 'get') store.get('last', partnerId);
      if (misuse === 'delete') store.delete('last', partnerId);
      store.put('last', partnerId, { referralId, position: Number(event.position) } satisfies LastReferral);
      store.put('seen', partnerId, true);
    },
  };
}


const ref = (n: number, partnerId: string) => referralRegistered({ referralId: `r${n}`, agreementId: 'a1', partnerId });

/** The `last` table of the projection's generation: whether its keys are indexed, and how many rows it holds. */
function lastTable(database: ReadModelDatabase, generation: number): { indexed: boolean; rows: number } {
  const table = collectionTableName(tableNameOf('latest', generation), 'last');
  return {
    indexed: KeyIndex.exists(database.db, 'main', table),
    rows: database.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number,
  };
}

/**
 * `events` built into version 1 of the projection and closed, then an engine of version 2 (so its start or
 * catch-up rebuilds) whose reads of the store wait until the gate opens.
 */
async function versionTwoBehindGate(...events: Parameters<typeof scope.ws.append>): Promise<{ gated: GatedSource; engine: ProjectionEngine }> {
  await scope.ws.append(...events);
  await builtAndClosed([latestProjection()]);
  const gated = new GatedSource(scope.ws.store);
  const engine = engineWith([latestProjection(undefined, 2)], { store: gated });
  gated.close();
  return { gated, engine };
}

function lastReferrals(engine: ProjectionEngine): Record<string, LastReferral> {
  return Object.fromEntries(engine.documents('latest').filter((d) => d.collection === 'last').map((d) => [d.key, d.doc as LastReferral]));
}

describe('write-only collections', () => {
  it('are created without a key index for a bulk build: puts append rows, and the first read indexes them keeping the last put', () => {
    const database = ReadModelDatabase.open(join(scope.ws.dir, 'direct.db'));
    try {
      const definition = latestProjection();
      expect(lastTable(database, database.createGeneration(definition, 'active', 'fingerprint').generation).indexed).toBe(true);
      const { generation } = database.createGeneration(definition, 'shadow', 'fingerprint', { deferKeyIndexes: true });
      const table = database.table(definition, generation);
      database.immediateTransaction(() => {
        table.upsertJson('last', 'p1', JSON.stringify({ referralId: 'r1', position: 1 }));
        table.upsertJson('last', 'p2', JSON.stringify({ referralId: 'r2', position: 2 }));
        table.upsertJson('last', 'p1', JSON.stringify({ referralId: 'r3', position: 3 }));
      });
      expect(lastTable(database, generation)).toEqual({ indexed: false, rows: 3 });

      expect(table.get('last', 'p1')).toEqual({ referralId: 'r3', position: 3 });
      expect(lastTable(database, generation)).toEqual({ indexed: true, rows: 2 });
      // Indexed, a put of a key it holds replaces the document.
      database.immediateTransaction(() => table.upsertJson('last', 'p2', JSON.stringify({ referralId: 'r4', position: 4 })));
      expect(table.get('last', 'p2')).toEqual({ referralId: 'r4', position: 4 });
      expect(lastTable(database, generation)).toEqual({ indexed: true, rows: 2 });
    } finally {
      database.close();
    }
  });

  it('are indexed by the end of a catch-up, with the same documents as an engine that followed every event live', async () => {
    const events = [ref(1, 'p1'), ref(2, 'p2'), ref(3, 'p1'), ref(4, 'p1'), ref(5, 'p3'), ref(6, 'p2'), ref(7, 'p1')];
    await scope.ws.append(...events);
    const indexing: Array<{ projection: string; collections: readonly string[]; indexed: boolean }> = [];
    const bulk = engineWith([latestProjection()], {
      onIndexing: (projection, collections) => {
        // Said before the sort, while the table still has no index.
        const generation = bulk.database.generation('latest', 'active')!.generation;
        indexing.push({ projection, collections, indexed: lastTable(bulk.database, generation).indexed });
      },
    });
    expect(await bulk.catchUp()).toBe(7n);
    expect(indexing).toEqual([{ projection: 'latest', collections: ['last'], indexed: false }]);
    const generation = bulk.database.generation('latest', 'active')!.generation;
    expect(lastTable(bulk.database, generation)).toEqual({ indexed: true, rows: 3 });
    expect(lastReferrals(bulk)).toEqual({
      p1: { referralId: 'r7', position: 7 },
      p2: { referralId: 'r6', position: 6 },
      p3: { referralId: 'r5', position: 5 },
    });

    const live = engineWith([latestProjection()], { path: join(scope.ws.dir, 'live.db') });
    await live.start();
    expect(await live.waitForPosition(7n)).toBe(true);
    expect(live.documents('latest')).toEqual(bulk.documents('latest'));
  });

  it('are indexed before the swap when a catch-up rebuilds them, having been built without', async () => {
    const { gated, engine } = await versionTwoBehindGate(ref(1, 'p1'), ref(2, 'p2'), ref(3, 'p1'));
    const caughtUp = engine.catchUp();
    let shadow;
    try {
      await eventually(() => gated.readsStarted > 0, 'the rebuild reading');
      shadow = engine.database.generation('latest', 'shadow')!;
      expect(lastTable(engine.database, shadow.generation)).toEqual({ indexed: false, rows: 0 });
    } finally {
      gated.open();
    }
    expect(await caughtUp).toBe(3n);
    expect(engine.database.generation('latest', 'active')?.generation).toBe(shadow.generation);
    expect(lastTable(engine.database, shadow.generation)).toEqual({ indexed: true, rows: 2 });
    expect(lastReferrals(engine)).toEqual({ p1: { referralId: 'r3', position: 3 }, p2: { referralId: 'r2', position: 2 } });
  });

  it('keep their key index all along when a rebuild runs beside the live engine, which goes on writing the file', async () => {
    const { gated, engine } = await versionTwoBehindGate(ref(1, 'p1'), ref(2, 'p2'), ref(3, 'p1'));
    let shadow;
    try {
      await engine.start();
      shadow = engine.database.generation('latest', 'shadow')!;
      expect(lastTable(engine.database, shadow.generation)).toEqual({ indexed: true, rows: 0 });
      await scope.ws.append(ref(4, 'p2'));
    } finally {
      gated.open();
    }
    await eventually(() => engine.database.generation('latest', 'active')?.generation === shadow.generation, 'the swap');
    expect(lastTable(engine.database, shadow.generation)).toEqual({ indexed: true, rows: 2 });
    expect(lastReferrals(engine)).toEqual({ p1: { referralId: 'r3', position: 3 }, p2: { referralId: 'r4', position: 4 } });
  });

  it('are indexed when a rebuild beside the live engine resumes a shadow that a catch-up left half-built', async () => {
    const { gated, engine: interrupted } = await versionTwoBehindGate(ref(1, 'p1'), ref(2, 'p2'));
    const caughtUp = interrupted.catchUp().catch((error: unknown) => error);
    await eventually(() => gated.readsStarted > 0, 'the rebuild reading');
    const shadow = interrupted.database.generation('latest', 'shadow')!;
    const closing = interrupted.close();
    gated.open();
    await closing;
    await caughtUp;
    engines.splice(engines.indexOf(interrupted), 1);

    const engine = engineWith([latestProjection(undefined, 2)]);
    expect(lastTable(engine.database, shadow.generation).indexed).toBe(false);
    await engine.start();
    expect(lastTable(engine.database, shadow.generation).indexed).toBe(true);
    await eventually(() => engine.database.generation('latest', 'active')?.generation === shadow.generation, 'the swap');
    expect(lastReferrals(engine)).toEqual({ p1: { referralId: 'r1', position: 1 }, p2: { referralId: 'r2', position: 2 } });
  });

  it('are indexed when a started engine takes over a read model whose bulk build was cut short', async () => {
    await scope.ws.append(ref(1, 'p1'), ref(2, 'p1'));
    const database = ReadModelDatabase.open(scope.ws.readModelPath);
    const definition = latestProjection();
    const engine = engineWith([definition]);
    const { generation } = engine.database.generation('latest', 'active')!;
    // A catch-up that committed its first rows and then died: no key index yet.
    const table = database.table(definition, generation);
    database.immediateTransaction(() => {
      table.upsertJson('last', 'p1', JSON.stringify({ referralId: 'r1', position: 1 }));
      database.setPosition('latest', generation, 1n);
    });
    database.close();
    expect(lastTable(engine.database, generation).indexed).toBe(false);

    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
    const restarted = engineWith([definition]);
    await restarted.start();
    expect(lastTable(restarted.database, generation).indexed).toBe(true);
    expect(await restarted.waitForPosition(2n)).toBe(true);
    expect(lastTable(restarted.database, generation)).toEqual({ indexed: true, rows: 1 });
    expect(lastReferrals(restarted)).toEqual({ p1: { referralId: 'r2', position: 2 } });
  });

  it.each(['get', 'delete'] as const)('fail the projection whose handler tries to %s one of their documents', async (misuse) => {
    await scope.ws.append(ref(1, 'p1'));
    const engine = engineWith([latestProjection(misuse)]);
    await engine.catchUp();
    const [status] = await engine.status();
    expect(status).toMatchObject({ name: 'latest', status: 'failed', checkpoint: 0n });
    expect(status!.error!.message).toContain(`"last" is declared write-only: a handler may put its documents, not ${misuse} them`);
  });
});
