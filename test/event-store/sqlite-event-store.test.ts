import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
} from '../../src/event-store/event-store.errors';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { FOLLOW_UP_BUDGET_MS } from '../../src/event-store/sqlite/group-commit';
import { APPEND_ONLY_TRIGGERS, applySchema } from '../../src/event-store/sqlite/schema';
import { EventStoreClosedError, SqliteEventStore, type SqliteEventStoreOptions } from '../../src/event-store/sqlite/sqlite-event-store';
import { verifyChains } from '../../src/event-store/verify-chains';
import { countEventLoopTurns } from '../support/event-loop-turns';
import { newEvent, newEvents, settle, waitFor } from './contract-helpers';
import { runEventStoreContract } from './contract-suite';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
}

/** Edits an event the way someone with the file could: drop the guards, rewrite the row, put the guards back. */
function tamperWithFile(path: string) {
  return async (streamId: string, revision: bigint): Promise<void> => {
    const db = new Database(path);
    try {
      db.transaction(() => {
        for (const trigger of APPEND_ONLY_TRIGGERS) db.exec(`DROP TRIGGER ${trigger}`);
        db.prepare(`UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE stream_id = ? AND revision = ?`).run(
          streamId,
          revision,
        );
        applySchema(db);
      })();
    } finally {
      db.close();
    }
  };
}

/** A store in a fresh directory (in a nested one it must create), for the contract suite. */
function contractStore(options: SqliteEventStoreOptions = {}) {
  return async () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'ledger.db');
    const store = SqliteEventStore.open(path, options);
    return {
      store,
      tamper: tamperWithFile(path),
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

runEventStoreContract('sqlite', contractStore());
runEventStoreContract('sqlite, stream reads on the main connection (no map)', contractStore({ streamReadMapBytes: 0 }));

describe('SqliteEventStore specifics', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'ledger.db');
    store = SqliteEventStore.open(path);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const positions = (events: RecordedEvent[]) => events.map((e) => Number(e.position));
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('numbers $all 1..N without gaps, even around refused appends and replays', async () => {
    const first = newEvents(2);
    await store.append('a', first, 'no_stream');
    await settle(store.append('a', newEvents(3), 'no_stream'));
    await store.append('a', first, 'any');
    await Promise.all([
      store.append('b', newEvents(2), 'any'),
      settle(store.append('c', newEvents(2), 5n)),
      settle(store.append('d', [newEvent('X'), first[0]!], 'any')),
      store.append('e', newEvents(1), 'any'),
    ]);
    await store.append('a', newEvents(1), 1n);

    const all = await store.readAll();
    expect(positions(all)).toEqual(oneTo(6));
    expect(await store.headPosition()).toBe(6n);
  });

  it('keeps every acknowledged event across close and reopen, and carries on the chains', async () => {
    await store.append('account-1', newEvents(3), 'no_stream');
    await store.append('account-2', newEvents(2), 'no_stream');
    const before = await store.readAll();
    await store.close();

    store = SqliteEventStore.open(path);
    expect(await store.readAll()).toEqual(before);
    const next = await store.append('account-1', newEvents(1), 2n);
    expect(next).toMatchObject({ revision: 3n, position: 6n });
    expect(await verifyChains(store)).toMatchObject({ ok: true, streamsChecked: 2, eventsChecked: 6 });
  });

  it('refuses UPDATE and DELETE on the events table at the SQLite level', async () => {
    await store.append('s', [newEvent('Paid', { amount: 100 })], 'no_stream');
    const db = new Database(path);
    try {
      expect(() => db.prepare(`UPDATE events SET data = '{"amount":1}'`).run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await store.readStream('s'))[0]!.data).toEqual({ amount: 100 });
  });

  it('acknowledges 64 concurrent appends in fewer transactions than appends', async () => {
    const flushesBefore = store.flushCount;
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => store.append(`partner-${i}`, newEvents(2), 'no_stream')),
    );

    expect(results.every((r) => r.revision === 1n && !r.duplicate)).toBe(true);
    expect(results.map((r) => Number(r.position)).sort((a, b) => a - b)).toEqual(oneTo(64).map((i) => i * 2));
    const flushes = store.flushCount - flushesBefore;
    expect(flushes).toBeGreaterThanOrEqual(1);
    expect(flushes).toBeLessThan(64);
    expect(await verifyChains(store)).toMatchObject({ ok: true, eventsChecked: 128 });
  });

  /** Turns of the event loop while one writer makes `appends` appends, each awaiting the last, on `onStore`. */
  async function turnsDuringOneByOne(onStore: SqliteEventStore, appends: number): Promise<number> {
    const loop = countEventLoopTurns();
    for (let i = 0; i < appends; i++) await onStore.append('one-by-one', newEvents(1), i === 0 ? 'no_stream' : BigInt(i - 1));
    loop.stop();
    const turns = loop.turns;
    expect((await onStore.readStream('one-by-one')).map((e) => Number(e.revision))).toEqual(Array.from({ length: appends }, (_, i) => i));
    return turns;
  }

  /** A store in this test's directory whose monotonic clock moves `stepMs` each time it is read. */
  function storeWithMonotonicClock(stepMs: number): SqliteEventStore {
    let now = 0;
    return SqliteEventStore.open(join(dir, `clocked-${stepMs}.db`), { monotonicClock: () => (now += stepMs) });
  }

  it('commits a writer’s next append right after its last one resolved, yet lets the event loop turn every few dozen', async () => {
    // Commits that take no time at all: only the count bounds the commits in a row.
    const fast = storeWithMonotonicClock(0);
    try {
      const appends = 330;
      const turns = await turnsDuringOneByOne(fast, appends);
      // Waiting a turn of the loop for each flush would take one turn per append.
      expect(turns).toBeLessThan(appends / 4);
      // Never more than 32 commits in a row without one: timers and I/O keep running under a busy writer.
      expect(turns).toBeGreaterThanOrEqual(Math.floor(appends / 33));
    } finally {
      await fast.close();
    }
  });

  it('lets the event loop turn after every commit once commits take longer than the follow-up budget', async () => {
    // Each reading of the clock is another FOLLOW_UP_BUDGET_MS later: every commit looks slow.
    const slow = storeWithMonotonicClock(FOLLOW_UP_BUDGET_MS);
    try {
      const appends = 60;
      // Without the budget this is ~2 turns (32 commits in a row); with it, one turn per commit.
      expect(await turnsDuringOneByOne(slow, appends)).toBeGreaterThanOrEqual(appends);
    } finally {
      await slow.close();
    }
  });

  it('still gathers concurrent writers resolved by one commit into the next commit', async () => {
    const writers = 16;
    const rounds = 10;
    const before = store.flushCount;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < rounds; i++) await store.append(`gathered-${w}`, newEvents(1), i === 0 ? 'no_stream' : BigInt(i - 1));
      }),
    );
    expect(store.flushCount - before).toBeLessThanOrEqual(rounds * 2);
  });

  it('resolves each append of one group commit on its own: a failure does not fail its neighbours', async () => {
    const original = newEvents(2);
    const originalResult = await store.append('s', original, 'no_stream');
    const flushesBefore = store.flushCount;

    const [ok1, wrongRevision, partialDuplicate, replay, ok2, sameTickWinner, sameTickLoser] = await Promise.all([
      settle(store.append('t', newEvents(1), 'no_stream')),
      settle(store.append('s', newEvents(1), 0n)),
      settle(store.append('u', [newEvent('X'), original[1]!], 'any')),
      settle(store.append('s', original, 'no_stream')),
      settle(store.append('s', newEvents(1), 1n)),
      settle(store.append('v', newEvents(1), 'no_stream')),
      settle(store.append('v', newEvents(1), 'no_stream')),
    ]);

    expect(store.flushCount - flushesBefore).toBe(1);
    expect(ok1).toMatchObject({ ok: true, value: { streamId: 't', revision: 0n, position: 3n } });
    expect(wrongRevision).toMatchObject({ ok: false, error: { expected: 0n, actual: 1n } });
    expect((wrongRevision as { error: unknown }).error).toBeInstanceOf(ConcurrencyError);
    expect((partialDuplicate as { error: unknown }).error).toBeInstanceOf(DuplicateEventIdError);
    expect(replay).toEqual({ ok: true, value: { ...originalResult, duplicate: true } });
    expect(ok2).toMatchObject({ ok: true, value: { streamId: 's', revision: 2n, position: 4n } });
    // The second append sees the first one's row, written earlier in the same transaction.
    expect(sameTickWinner).toMatchObject({ ok: true, value: { revision: 0n, position: 5n } });
    expect(sameTickLoser).toMatchObject({ ok: false, error: { expected: 'no_stream', actual: 0n } });
    expect(positions(await store.readAll())).toEqual(oneTo(5));
    expect(await verifyChains(store)).toMatchObject({ ok: true });
  });

  it('reads more streams at once than one statement binds, interleaved in $all, each in revision order', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `many-${i}`);
    for (let round = 0; round < 2; round++) {
      await Promise.all(ids.map((id) => store.append(id, newEvents(1), round === 0 ? 'no_stream' : 0n)));
    }
    const read = await store.readStreams([...ids, 'many-none']);
    expect(read.size).toBe(301);
    for (const id of ids) expect(read.get(id)!.map((e) => `${e.streamId}@${e.revision}`)).toEqual([`${id}@0`, `${id}@1`]);
    expect(read.get('many-none')).toEqual([]);
  });

  it('leaves the payloads out of a $all read without data, and only those', async () => {
    await store.append('bare-1', newEvents(3), 'no_stream');
    const bare = await store.readAll({ withData: false });
    expect(bare.map((event) => event.data)).toEqual([undefined, undefined, undefined]);
    expect(bare.every((event) => typeof event.metadata.correlationId === 'string')).toBe(true);
    const full = await store.readAll();
    expect(full.every((event) => event.data !== undefined)).toBe(true);
  });

  it('never lets recordedAt go backwards, even when the clock does', async () => {
    await store.close();
    const times = ['2026-03-01T12:00:00.000Z', '2026-03-01T11:00:00.000Z', '2026-03-01T12:30:00.000Z'];
    let tick = 0;
    store = SqliteEventStore.open(path, { clock: () => new Date(times[Math.min(tick++, times.length - 1)]!) });
    for (let i = 0; i < 3; i++) await store.append('s', newEvents(1), 'any');

    expect((await store.readAll()).map((e) => e.recordedAt)).toEqual([
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T12:30:00.000Z',
    ]);
    expect(await verifyChains(store)).toMatchObject({ ok: true });
  });

  it('hashes what a reader gets back, so values JSON changes (a Date) still verify', async () => {
    const when = new Date('2026-02-03T04:05:06.007Z');
    await store.append('s', [newEvent('Dated', { when, gone: undefined })], 'no_stream');

    expect((await store.readStream('s'))[0]!.data).toEqual({ when: '2026-02-03T04:05:06.007Z' });
    expect(await verifyChains(store)).toMatchObject({ ok: true });
  });

  it('refuses data that is not JSON and an id repeated inside one append', async () => {
    await expect(store.append('s', [newEvent('Big', { amount: 10n })], 'any')).rejects.toBeInstanceOf(
      InvalidAppendError,
    );
    const event = newEvent('Twice');
    await expect(store.append('s', [event, event], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.headPosition()).toBe(0n);
  });

  it('writes the appends still queued when closed, then refuses further calls', async () => {
    const pending = store.append('s', newEvents(2), 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ revision: 1n, position: 2n });
    expect(await store.ping()).toBe(false);
    await expect(store.append('s', newEvents(1), 'any')).rejects.toBeInstanceOf(EventStoreClosedError);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosedError);

    store = SqliteEventStore.open(path);
    expect(await store.ping()).toBe(true);
    expect(await store.streamRevision('s')).toBe(1n);
  });

  it('tells in-process listeners the new head after each commit', async () => {
    const heads: bigint[] = [];
    const unsubscribe = store.onAppended((head) => heads.push(head));
    await store.append('s', newEvents(2), 'any');
    await Promise.all([store.append('t', newEvents(1), 'any'), store.append('u', newEvents(1), 'any')]);
    unsubscribe();
    await store.append('s', newEvents(1), 'any');
    expect(heads).toEqual([2n, 4n]);
  });

  it('reads each acknowledged append back at once through its stream-read connection, its own and another connection’s', async () => {
    const other = SqliteEventStore.open(path);
    try {
      for (let i = 0; i < 20; i++) {
        // Interleaved: the stream-read connection must start a fresh read after every commit of either writer.
        const writer = i % 2 === 0 ? store : other;
        const appended = await writer.append('read-back', [newEvent('Thing', { i })], i === 0 ? 'no_stream' : BigInt(i - 1));
        const [last] = await store.readStream('read-back', { direction: 'backwards', maxCount: 1 });
        expect(last?.eventId).toBe(appended.eventIds[0]);
        const streams = await store.readStreams(['read-back']);
        expect(streams.get('read-back')).toHaveLength(i + 1);
      }
      const unmapped = SqliteEventStore.open(path, { streamReadMapBytes: 0 });
      try {
        expect(await unmapped.readStream('read-back')).toEqual(await store.readStream('read-back'));
      } finally {
        await unmapped.close();
      }
    } finally {
      await other.close();
    }
  });

  it('refuses a stream-read map size that is not a non-negative integer', () => {
    expect(() => SqliteEventStore.open(join(dir, 'bad.db'), { streamReadMapBytes: -1 })).toThrow(/streamReadMapBytes/);
    expect(() => SqliteEventStore.open(join(dir, 'bad.db'), { streamReadMapBytes: 1.5 })).toThrow(/streamReadMapBytes/);
  });

  it('delivers appends made through another connection to a live subscription by polling', async () => {
    await store.close();
    store = SqliteEventStore.open(path, { pollIntervalMs: 20 });
    const other = SqliteEventStore.open(path);
    try {
      const received: string[] = [];
      const subscription = store.subscribeToAll({ after: 0n, onEvents: (events) => void received.push(...events.map((e) => e.eventId)) });
      await waitFor(() => subscription.isLive, 'the subscription to turn live');

      const result = await other.append('elsewhere', newEvents(3), 'no_stream');
      await waitFor(() => received.length === 3, 'the other connection’s events');
      expect(received).toEqual(result.eventIds);
      await subscription.stop();
    } finally {
      await other.close();
    }
  });

  it('stops its subscriptions when closed', async () => {
    const subscription = store.subscribeToAll({ after: 0n, onEvents: () => undefined });
    await waitFor(() => subscription.isLive, 'the subscription to turn live');
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
  });
});
