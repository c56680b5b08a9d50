import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, projections } from '../../projections';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionEngine, replayToPoint, type ProjectionDefinition, type StoredDocument } from '../../src/projection-engine';
import { OWN_FILE_PROJECTIONS } from '../../src/read-side/read-model-layout';
import { storyStore, type StoryStore } from '../read-side/support/story-store';
import { ledger } from './cli-harness';

/** Every projection's documents in a read-model file (and its own files, as the service lays them out). */
async function readModelsIn(path: string, eventStorePath: string, definitions: readonly ProjectionDefinition[] = allProjections) {
  const store = SqliteEventStore.open(eventStorePath);
  const ownFiles = OWN_FILE_PROJECTIONS.filter((name) => definitions.some((definition) => definition.name === name));
  const engine = new ProjectionEngine({ store, path, projections: definitions, ownFiles });
  try {
    return {
      documents: Object.fromEntries(definitions.map((d) => [d.name, engine.documents(d.name)])) as Record<string, StoredDocument[]>,
      checkpoints: Object.fromEntries(definitions.map((d) => [d.name, engine.checkpoint(d.name)])),
    };
  } finally {
    await engine.close();
    await store.close();
  }
}

describe('ledger replay', () => {
  let s: StoryStore;
  let head: bigint;
  let middle: { position: bigint; recordedAt: string };
  beforeAll(async () => {
    s = await storyStore();
    const store = SqliteEventStore.open(s.dbPath);
    head = await store.headPosition();
    const [event] = await store.readAll({ after: head / 2n - 1n, maxCount: 1 });
    middle = { position: event!.position, recordedAt: event!.recordedAt };
    await store.close();
  });
  afterAll(() => rmSync(s.dir, { recursive: true, force: true }));

  it('rebuilds every read model into a separate file, identical to what the live engine holds', async () => {
    const out = join(s.dir, 'full.db');
    const result = await ledger(['replay', '--db', s.dbPath, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`up to position ${head}`);
    expect(result.stdout).toMatch(new RegExp(`commissions\\s+v${projections.commissions.version}\\s+checkpoint \\d+\\s+\\d+ documents`));
    // Not a terminal: a plain progress line rather than a bar; and a line when the sort of the keys begins.
    expect(result.stderr).toMatch(/^replay: position \d+ of \d+ \(100%\), \d+ events, \d+ events\/s, ETA 0s$/m);
    expect(result.stderr).toMatch(/^replay: audit-trail: every event read, indexing the keys of correlation, event, record$/m);
    const replayed = await readModelsIn(out, s.dbPath);
    const live = await readModelsIn(s.readDbPath, s.dbPath);
    expect(replayed.documents).toEqual(live.documents);
  });

  it('stops at a position: the same read models the engine builds up to that position', async () => {
    const out = join(s.dir, 'to-position.db');
    const result = await ledger(['replay', '--db', s.dbPath, '--out', out, '--to-position', middle.position.toString(), '--batch-size', '7']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`up to position ${middle.position} (recorded ${middle.recordedAt})`);
    const replayed = await readModelsIn(out, s.dbPath);
    const store = SqliteEventStore.open(s.dbPath);
    const reference = await replayToPoint(store, allProjections, { toPosition: middle.position });
    try {
      for (const definition of allProjections) {
        expect(replayed.documents[definition.name], definition.name).toEqual(reference.documents(definition.name));
        expect(replayed.checkpoints[definition.name], definition.name).toBe(middle.position);
      }
    } finally {
      reference.close();
      await store.close();
    }
  });

  it('stops at an instant: as of the recordedAt of an event, exactly the events up to it', async () => {
    const byInstant = join(s.dir, 'as-of.db');
    const byPosition = join(s.dir, 'as-of-position.db');
    expect((await ledger(['replay', '--db', s.dbPath, '--out', byInstant, '--as-of', middle.recordedAt])).code).toBe(0);
    const store = SqliteEventStore.open(s.dbPath);
    const all = await store.readAll();
    await store.close();
    const last = all.filter((event) => Date.parse(event.recordedAt) <= Date.parse(middle.recordedAt)).at(-1)!;
    expect((await ledger(['replay', '--db', s.dbPath, '--out', byPosition, '--to-position', last.position.toString()])).code).toBe(0);
    expect((await readModelsIn(byInstant, s.dbPath)).documents).toEqual((await readModelsIn(byPosition, s.dbPath)).documents);
    const before = await ledger(['replay', '--db', s.dbPath, '--out', join(s.dir, 'before.db'), '--as-of', '2020-01-01T00:00:00Z']);
    expect(before.stdout).toContain('replayed 0 events up to position 0');
  });

  it('draws a bar with events/s and ETA on a terminal', async () => {
    const result = await ledger(['replay', '--db', s.dbPath, '--out', join(s.dir, 'tty.db'), '--projection', 'ledger'], {}, { tty: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/replay \[[█░]+\] 100% \| \d+\/\d+ positions \| \d+ events\/s \| ETA/);
  });

  it('says on the bar when it indexes the keys the build left for its end', async () => {
    const result = await ledger(['replay', '--db', s.dbPath, '--out', join(s.dir, 'tty-audit.db'), '--projection', 'audit-trail'], {}, { tty: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ETA \S+ \| audit-trail: every event read, indexing the keys of correlation, event, record/);
  });

  it('replays only the projections asked for', async () => {
    const out = join(s.dir, 'commissions-only.db');
    const result = await ledger(['replay', '--db', s.dbPath, '--out', out, '--projection', 'commissions,ledger']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/commissions/);
    expect(result.stdout).not.toMatch(/leaderboards/);
    const definitions = allProjections.filter((p) => p.name === 'commissions' || p.name === 'ledger');
    const replayed = await readModelsIn(out, s.dbPath, definitions);
    const live = await readModelsIn(s.readDbPath, s.dbPath, definitions);
    expect(replayed.documents).toEqual(live.documents);
  });

  it('never writes into the live read models or the store, nor over a file unless forced', async () => {
    const live = await ledger(['replay', '--db', s.dbPath, '--out', s.readDbPath]);
    expect([live.code, live.stderr]).toEqual([1, expect.stringContaining("refusing to replay into the service's live read models")]);
    const configured = await ledger(['replay', '--db', s.dbPath, '--out', join(s.dir, 'elsewhere.db')], { LEDGER_READ_DB: join(s.dir, 'elsewhere.db') });
    expect(configured.code).toBe(1);
    expect((await ledger(['replay', '--db', s.dbPath, '--out', s.dbPath])).code).toBe(1);

    const out = join(s.dir, 'twice.db');
    expect((await ledger(['replay', '--db', s.dbPath, '--out', out, '--projection', 'ledger'])).code).toBe(0);
    const again = await ledger(['replay', '--db', s.dbPath, '--out', out, '--projection', 'ledger']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('exists')]);
    expect((await ledger(['replay', '--db', s.dbPath, '--out', out, '--projection', 'ledger', '--force'])).code).toBe(0);
  });

  it('refuses bad options with exit 1', async () => {
    const out = join(s.dir, 'never.db');
    for (const args of [
      ['--to-position', '3', '--as-of', '2026-01-01T00:00:00Z'],
      ['--to-position', 'x'],
      ['--as-of', 'yesterday'],
      ['--projection', 'gossip'],
      ['--batch-size', '0'],
    ]) {
      const result = await ledger(['replay', '--db', s.dbPath, '--out', out, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/^ledger: /);
    }
    expect(existsSync(out)).toBe(false);
  });
});
