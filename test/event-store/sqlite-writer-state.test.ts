import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/event-store/event-store.errors';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { verifyChains } from '../../src/event-store/verify-chains';
import { newEvent, newEvents, settle } from './contract-helpers';

/**
 * The store keeps the end of the log in memory between its write transactions (writer-state.ts). These
 * tests change the file behind its back, or roll a transaction back under it, and check that what it
 * writes next still has the right revisions, gap-free positions and an intact hash chain.
 */
describe('SqliteEventStore writer state', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-writer-state-'));
    path = join(dir, 'ledger.db');
    store = SqliteEventStore.open(path);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const positions = (events: RecordedEvent[]) => events.map((e) => Number(e.position));

  it('sees appends another connection made since its last write', async () => {
    await store.append('s', newEvents(2), 'no_stream');
    const other = SqliteEventStore.open(path);
    try {
      await other.append('s', newEvents(1), 1n);
      await other.append('t', newEvents(2), 'no_stream');
    } finally {
      await other.close();
    }

    await expect(store.append('s', newEvents(1), 1n)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.append('s', newEvents(1), 2n)).toMatchObject({ revision: 3n, position: 6n });
    expect(await store.append('t', newEvents(1), 'any')).toMatchObject({ revision: 2n, position: 7n });
    expect(positions(await store.readAll())).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 7 });
  });

  it('a lone append (autocommitted, no transaction) after another connection wrote elsewhere goes after it', async () => {
    await store.append('s', newEvents(1), 'no_stream');
    await store.append('s', newEvents(1), 0n);
    const other = SqliteEventStore.open(path);
    try {
      await other.append('t', newEvents(1), 'no_stream');
    } finally {
      await other.close();
    }

    // The cached head of 's' is still right, the cached log head is not: the insert at position 3 must not win.
    expect(await store.append('s', newEvents(1), 1n)).toMatchObject({ revision: 2n, position: 4n });
    expect(await store.append('s', newEvents(1), 2n)).toMatchObject({ revision: 3n, position: 5n });
    expect((await store.readAll()).map((e) => `${e.streamId}@${e.revision}`)).toEqual(['s@0', 's@1', 't@0', 's@2', 's@3']);
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 5 });
  });

  it('never records an append before one another connection made with a later clock', async () => {
    await store.append('s', newEvents(1), 'no_stream');
    const ahead = SqliteEventStore.open(path, { clock: () => new Date('2999-01-01T00:00:00.000Z') });
    try {
      await ahead.append('s', newEvents(1), 'any');
    } finally {
      await ahead.close();
    }
    await store.append('s', newEvents(1), 'any');
    expect((await store.readAll()).map((e) => e.recordedAt).slice(1)).toEqual([
      '2999-01-01T00:00:00.000Z',
      '2999-01-01T00:00:00.000Z',
    ]);
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('alternating writers on one stream each continue the other’s chain', async () => {
    const other = SqliteEventStore.open(path);
    try {
      for (let revision = 0; revision < 6; revision++) {
        const writer = revision % 2 === 0 ? store : other;
        await writer.append('shared', newEvents(1), revision === 0 ? 'no_stream' : BigInt(revision - 1));
      }
    } finally {
      await other.close();
    }
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 6 });
    expect(positions(await store.readAll())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('forgets what a rolled-back transaction wrote: no gap, no broken chain afterwards', async () => {
    await store.append('s', newEvents(1), 'no_stream');
    // A trigger that rolls back the whole transaction when a poisoned event is inserted, as a disk error would.
    const db = new Database(path);
    try {
      db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END`);
    } finally {
      db.close();
    }

    const [written, poisoned] = await Promise.all([
      settle(store.append('s', newEvents(1), 0n)),
      settle(store.append('u', [newEvent('Poison')], 'no_stream')),
    ]);
    // The whole batch shared one transaction, so both fail: acknowledging the first would be a lie.
    expect(written).toMatchObject({ ok: false });
    expect(poisoned).toMatchObject({ ok: false });
    expect(positions(await store.readAll())).toEqual([1]);

    // 'any': nothing but the store's own idea of the stream's head decides where these go.
    expect(await store.append('s', newEvents(1), 'any')).toMatchObject({ revision: 1n, position: 2n });
    expect(await store.append('t', newEvents(2), 'any')).toMatchObject({ revision: 1n, position: 4n });
    expect(positions(await store.readAll())).toEqual([1, 2, 3, 4]);
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 4 });
  });

  it('tells a replay from a misuse when the stored id is found by the insert, not by a lookup', async () => {
    const single = newEvent('One');
    const pair = newEvents(2);
    const first = await store.append('s', [single], 'no_stream');
    const second = await store.append('s', pair, 0n);

    const [replaySingle, replayPair, misuse, stolen, fresh] = await Promise.all([
      settle(store.append('s', [single], 'any')),
      settle(store.append('s', pair, 'any')),
      settle(store.append('s', [pair[1]!, newEvent('New')], 'any')),
      settle(store.append('other', [single], 'any')),
      settle(store.append('s', newEvents(1), 2n)),
    ]);
    expect(replaySingle).toEqual({ ok: true, value: { ...first, duplicate: true } });
    expect(replayPair).toEqual({ ok: true, value: { ...second, duplicate: true } });
    expect((misuse as { error: unknown }).error).toBeInstanceOf(DuplicateEventIdError);
    expect((stolen as { error: unknown }).error).toBeInstanceOf(DuplicateEventIdError);
    expect(fresh).toMatchObject({ ok: true, value: { revision: 3n, position: 4n } });
    expect(positions(await store.readAll())).toEqual([1, 2, 3, 4]);
    expect(await verifyChains(store)).toMatchObject({ ok: true });
  });

  it('keeps chains right when streams outnumber what it keeps in memory', async () => {
    await store.close();
    store = SqliteEventStore.open(path, { cachedStreamHeads: 16 });
    const streams = Array.from({ length: 300 }, (_, i) => `many-${i}`);
    for (let round = 0; round < 3; round++) {
      await Promise.all(streams.map((s) => store.append(s, newEvents(1), round === 0 ? 'no_stream' : BigInt(round - 1))));
    }
    expect(await store.headPosition()).toBe(900n);
    expect(await verifyChains(store)).toMatchObject({ ok: true, streamsChecked: 300, eventsChecked: 900 });
  });
});
