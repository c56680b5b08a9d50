import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { verifyChains } from '../../src/event-store/verify-chains';
import { newEvent, newEvents, settle, uniquePrefix, waitFor } from './contract-helpers';
import { runEventStoreContract } from './contract-suite';
import { FakeEsdbServer } from './esdb-fake-client';

/*
 * The adapter's own logic (hash chain, idempotency, expected revisions, paging, positions, subscriptions)
 * against an in-memory fake of the gRPC client. The real server runs in esdb-event-store.test.ts when a
 * Docker engine is reachable.
 */

const shared = new FakeEsdbServer();

runEventStoreContract('esdb adapter on an in-memory fake of the gRPC client', async () => {
  const store = new EsdbEventStore(shared.client(), { livenessIntervalMs: 1_000 });
  return {
    store,
    cleanup: () => store.close(),
    tamper: async (streamId, revision) => shared.tamper(streamId, revision),
  };
});

describe('EsdbEventStore with another writer (another process) on the same server', () => {
  let server: FakeEsdbServer;
  let ours: EsdbEventStore;
  let theirs: EsdbEventStore;
  let s: string;

  beforeEach(() => {
    server = new FakeEsdbServer();
    ours = new EsdbEventStore(server.client(), { maxAppendAttempts: 3 });
    theirs = new EsdbEventStore(server.client());
    s = `${uniquePrefix()}s`;
  });

  afterEach(async () => {
    await ours.close();
    await theirs.close();
  });

  /** `theirs` appends between our read of the tail and our append. */
  function raceWith(events: NewEvent[]): void {
    server.beforeNextAppend(s, async () => {
      await theirs.append(s, events, 'any');
    });
  }

  it('re-reads after losing a race and appends on top when the caller expected any revision', async () => {
    await ours.append(s, [newEvent('First')], 'no_stream');
    raceWith([newEvent('Racer')]);

    const result = await ours.append(s, [newEvent('Mine')], 'any');

    expect(result.revision).toBe(2n);
    expect((await ours.readStream(s)).map((e) => e.type)).toEqual(['First', 'Racer', 'Mine']);
    expect(await verifyChains(ours)).toMatchObject({ ok: true });
  });

  it('refuses with the actual revision when the caller expected the exact revision the racer took', async () => {
    await ours.append(s, [newEvent('First')], 'no_stream');
    raceWith([newEvent('Racer')]);

    const outcome = await settle(ours.append(s, [newEvent('Mine')], 0n));

    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(ConcurrencyError);
    expect((outcome as { error: unknown }).error).toMatchObject({ expected: 0n, actual: 1n });
    expect((await ours.readStream(s)).map((e) => e.type)).toEqual(['First', 'Racer']);
  });

  it('answers duplicate when the racer stored the very same events (a retry from another process)', async () => {
    await ours.append(s, [newEvent('First')], 'no_stream');
    const events = newEvents(2, 'Accrued');
    raceWith(events);

    const result = await ours.append(s, events, 0n);

    const stored = await ours.readStream(s);
    expect(result).toEqual({ streamId: s, revision: 2n, position: stored[2]!.position, eventIds: events.map((e) => e.eventId), duplicate: true });
    expect(stored).toHaveLength(3);
  });

  it('gives up with a ConcurrencyError when it keeps losing', async () => {
    await ours.append(s, [newEvent('First')], 'no_stream');
    const raceForever = async (): Promise<void> => {
      await theirs.append(s, [newEvent('Racer')], 'any');
      server.beforeNextAppend(s, raceForever);
    };
    server.beforeNextAppend(s, raceForever);

    const outcome = await settle(ours.append(s, [newEvent('Mine')], 'any'));

    expect((outcome as { error: unknown }).error).toBeInstanceOf(ConcurrencyError);
    expect((outcome as { error: unknown }).error).toMatchObject({ expected: 'any', actual: 3n });
    expect((await ours.readStream(s)).map((e) => e.type)).not.toContain('Mine');
  });

  it('sees events another process appended when it checks idempotency', async () => {
    const events = newEvents(2);
    await ours.readStream(s); // keeps "no stream" in the index
    await theirs.append(s, events, 'no_stream');

    expect(await ours.append(s, events, 'no_stream')).toMatchObject({ duplicate: true, revision: 1n });
  });

  it('finds an event id another process appended after the ids it keeps for the stream', async () => {
    const mine = newEvent('First');
    await ours.append(s, [mine], 'no_stream'); // the stream's ids are kept from here
    const [racer] = newEvents(1, 'Racer');
    await theirs.append(s, [racer!], 0n);

    expect(await ours.eventRevision(s, racer!.eventId)).toBe(1n);
    expect(await ours.eventRevision(s, mine.eventId)).toBe(0n);
  });
});

describe('EsdbEventStore specifics', () => {
  it('accepts event ids that are not UUIDs, and gives them back unchanged', async () => {
    const store = new EsdbEventStore(new FakeEsdbServer().client());
    const s = `${uniquePrefix()}s`;
    const event = newEvent('Accrued', { amount: 100 }, 'accrual:conversion-42');

    await store.append(s, [event], 'no_stream');
    const replay = await store.append(s, [event], 'any');

    expect(replay.duplicate).toBe(true);
    expect((await store.readStream(s)).map((e) => e.eventId)).toEqual(['accrual:conversion-42']);
    await store.close();
  });

  it('never hands out system events, and ignores them for the head position', async () => {
    const server = new FakeEsdbServer();
    const store = new EsdbEventStore(server.client());
    let last = 0n;
    for (let i = 0; i < 5; i++) last = (await store.append(`s${i}`, [newEvent('Thing')], 'any')).position;
    // Every fifth append the fake server writes a $statsCollected event, so the log now ends with one.
    expect(server.all[server.all.length - 1]!.type).toBe('$statsCollected');

    expect(await store.headPosition()).toBe(last);
    const all = await store.readAll();
    expect(all).toHaveLength(5);
    expect(all.every((e) => !e.type.startsWith('$') && !e.streamId.startsWith('$'))).toBe(true);

    const received: string[] = [];
    const subscription = store.subscribeToAll({ after: 0n, onEvents: (events) => void received.push(...events.map((e) => e.type)) });
    await waitFor(() => subscription.isLive, 'live');
    expect(received).toEqual(['Thing', 'Thing', 'Thing', 'Thing', 'Thing']);
    expect(await subscription.lag()).toBe(0n);
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('refuses $-named streams and event types, which EventStoreDB reserves for itself', async () => {
    const store = new EsdbEventStore(new FakeEsdbServer().client());
    await expect(store.append('$settings', [newEvent('Thing')], 'any')).rejects.toMatchObject({ code: 'INVALID_APPEND' });
    await expect(store.append('s', [newEvent('$metadata')], 'any')).rejects.toMatchObject({ code: 'INVALID_APPEND' });
    await store.close();
  });

  it('reports itself reachable through ping while the client works', async () => {
    const store = new EsdbEventStore(new FakeEsdbServer().client());
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});
