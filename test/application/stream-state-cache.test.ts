import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../src/application/command-context';
import { executeCommand } from '../../src/application/execute-command';
import { boundStateCache, loadState, StreamStateCache, type FoldedStream, withStreamState } from '../../src/application/stream-state-cache';
import { accept, refuse, type Decider, type DomainEvent } from '../../src/domain/shared/decider';
import { conflict } from '../../src/domain/shared/domain-error';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

// A toy aggregate over a real catalogue event. Like the account's, its evolve updates the state in place.
type Cmd = { period: string; occurredAt: string };
type State = { periods: Set<string>; folded: number };
let evolved = 0;
const decider: Decider<Cmd, State, DomainEvent> = {
  get initialState(): State {
    return { periods: new Set(), folded: 0 };
  },
  evolve: (s, e) => {
    evolved += 1;
    s.periods.add((e.data as { period: string }).period);
    s.folded += 1;
    return s;
  },
  decide: (c, s) =>
    s.periods.has(c.period)
      ? refuse(conflict('ALREADY_EXISTS', `${c.period} measured`))
      : accept({
          type: 'KpiMeasured',
          // `value` records how many events the state had folded when deciding.
          data: { agreementId: 'a1', partnerId: 'p1', metric: 'retentionRate', period: c.period, value: s.folded, missed: false },
          occurredAt: c.occurredAt,
        }),
};

const ctx: CommandContext = {
  actor: { principalId: 'pat', role: 'partner-manager' },
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2026-03-01T10:00:00.000Z',
  occurredAtGiven: true,
};

const STREAM = 'agreement-a1';
const period = (i: number) => `20${String(10 + Math.floor(i / 12))}-${String((i % 12) + 1).padStart(2, '0')}`;
const measure = (i: number) => ({
  streamId: STREAM,
  decider,
  command: { period: period(i), occurredAt: ctx.occurredAt },
  naturalKey: `measure:${period(i)}`,
});

describe('commands on a stream they have seen', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-cache-'));
    store = SqliteEventStore.open(join(dir, 'ledger.db'));
    evolved = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('read and fold only the events appended since the state they kept', async () => {
    const reads = vi.spyOn(store, 'readStream');
    for (let i = 0; i < 30; i++) await executeCommand(store, measure(i), ctx);

    // The first read is the whole (empty) stream; each next one starts after the revision decided on.
    expect(reads.mock.calls.map(([, options]) => options?.fromRevision)).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(Math.max(0, i - 1))));
    // Each event folded once (a whole-stream read per command would fold 0 + 1 + ... + 29 = 435).
    expect(evolved).toBe(29);
    const stored = await store.readStream(STREAM);
    expect(stored.map((e) => (e.data as { value: number }).value)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('see what another connection appended after the state they kept', async () => {
    await executeCommand(store, measure(0), ctx);
    await executeCommand(store, measure(1), ctx);
    const other = SqliteEventStore.open(join(dir, 'ledger.db'));
    try {
      await executeCommand(other, measure(2), ctx);
    } finally {
      await other.close();
    }

    // Period 2 was measured elsewhere: a stale state would accept it again.
    const again = await executeCommand(store, { ...measure(2), naturalKey: 'measure-again' }, ctx).catch((e: unknown) => e);
    expect(again).toMatchObject({ error: { code: 'ALREADY_EXISTS' } });
    const { events } = await executeCommand(store, measure(3), ctx);
    expect((events[0]!.data as { value: number }).value).toBe(3);
  });

  it('never fold two commands into one state object, however they interleave', async () => {
    await executeCommand(store, measure(0), ctx);
    // Four at a time: each loses at most three races, within executeCommand's attempts.
    for (let round = 0; round < 3; round++) {
      await Promise.all(Array.from({ length: 4 }, (_, i) => executeCommand(store, measure(1 + round * 4 + i), ctx)));
    }
    const { events } = await executeCommand(store, measure(13), ctx);

    expect((events[0]!.data as { value: number }).value).toBe(13);
    const stored = await store.readStream(STREAM);
    expect(new Set(stored.map((e) => (e.data as { period: string }).period)).size).toBe(14);
  });

  it('answer a retry with the original result after the stream moved on', async () => {
    const first = await executeCommand(store, measure(0), ctx);
    for (let i = 1; i < 5; i++) await executeCommand(store, measure(i), ctx);

    const retry = await executeCommand(store, measure(0), ctx);
    expect(retry.result).toMatchObject({ duplicate: true, revision: 0n, position: first.result.position });
    expect(await store.streamRevision(STREAM)).toBe(4n);
  });

  it('read the whole stream every time when the bound keeps nothing (LEDGER_STATE_CACHE_EVENTS=0)', async () => {
    boundStateCache(store, 0);
    const reads = vi.spyOn(store, 'readStream');
    for (let i = 0; i < 5; i++) await executeCommand(store, measure(i), ctx);
    expect(reads.mock.calls.map(([, options]) => options?.fromRevision)).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(evolved).toBe(0 + 1 + 2 + 3 + 4);
  });

  it("load an immutable state from what was kept, and a mutable one whole, for the caller to change", async () => {
    for (let i = 0; i < 3; i++) await executeCommand(store, measure(i), ctx);
    const mine = await loadState(store, STREAM, decider);
    mine.periods.add(period(3)); // the caller's own copy: commands must not see this
    const { events } = await executeCommand(store, measure(3), ctx);
    expect((events[0]!.data as { value: number }).value).toBe(3);

    // One decider per stream, as in the ledger: this one's state is immutable.
    const periods: Decider<Cmd, readonly string[], DomainEvent> = {
      initialState: [],
      evolve: (s, e) => [...s, (e.data as { period: string }).period],
      decide: (c, s) => decider.decide(c, { periods: new Set(s), folded: s.length }),
      immutableState: true,
    };
    const other = (i: number) => ({ ...measure(i), streamId: 'agreement-a2', decider: periods });
    for (let i = 0; i < 3; i++) await executeCommand(store, other(i), ctx);
    const reads = vi.spyOn(store, 'readStream');
    expect(await loadState(store, 'agreement-a2', periods)).toHaveLength(3);
    await executeCommand(store, other(3), ctx);
    expect(await loadState(store, 'agreement-a2', periods)).toEqual([0, 1, 2, 3].map(period));
    expect(reads.mock.calls.map(([, options]) => options?.fromRevision)).toEqual([2n, 3n, 3n]);
  });

  it('give a synchronous reader the current state and keep it; refuse an asynchronous one', async () => {
    for (let i = 0; i < 3; i++) await executeCommand(store, measure(i), ctx);
    expect(await withStreamState(store, STREAM, decider, (s) => [...s.periods])).toEqual([period(0), period(1), period(2)]);
    const folds = evolved;
    expect(await withStreamState(store, STREAM, decider, (s) => s.folded)).toBe(3);
    expect(evolved).toBe(folds);

    await expect(withStreamState(store, STREAM, decider, async (s) => s.folded)).rejects.toThrow(/synchronous/);
  });
});

describe('commands on kept states, property', () => {
  it('decide every event on exactly the events before it, whatever the bound, writers and interleaving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-cache-prop-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 24 }),
          fc.array(fc.record({ stream: fc.integer({ min: 0, max: 2 }), writer: fc.integer({ min: 0, max: 1 }), together: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 25 }),
          async (bound, steps) => {
            const path = join(dir, `ledger-${run++}.db`);
            const writers = [SqliteEventStore.open(path), SqliteEventStore.open(path)];
            let next = 0;
            try {
              boundStateCache(writers[0]!, bound);
              for (const step of steps) {
                const streamId = `agreement-s${step.stream}`;
                await Promise.all(
                  Array.from({ length: step.together }, () => {
                    const i = next++;
                    return executeCommand(writers[step.writer]!, { ...measure(i), streamId }, ctx);
                  }),
                );
              }
              for (let s = 0; s < 3; s++) {
                // The event at revision r was decided on a state that had folded r events: no more, no fewer.
                for (const event of await writers[0]!.readStream(`agreement-s${s}`)) {
                  expect((event.data as { value: number }).value).toBe(Number(event.revision));
                }
              }
            } finally {
              await Promise.all(writers.map((w) => w.close()));
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('StreamStateCache', () => {
  const folded = (revision: bigint, state = {}): FoldedStream<object> => ({ state, revision, position: revision + 1n });
  const d1 = {};
  const d2 = {};

  it('hands a kept state out once, and only to the decider that folded it', () => {
    const cache = new StreamStateCache(100);
    cache.keep('s', d1, folded(3n));
    expect(cache.take('s', d2)).toBeUndefined();
    cache.keep('s', d1, folded(3n));
    expect(cache.take('s', d1)).toMatchObject({ revision: 3n });
    expect(cache.take('s', d1)).toBeUndefined();
  });

  it('keeps the later of two states of one stream', () => {
    const cache = new StreamStateCache(100);
    const later = folded(7n);
    cache.keep('s', d1, later);
    cache.keep('s', d1, folded(5n));
    expect(cache.take('s', d1)).toBe(later);
  });

  it('drops the least recently kept states past its bound of folded events, and never keeps a larger one', () => {
    const cache = new StreamStateCache(10);
    cache.keep('a', d1, folded(3n)); // 4 events
    cache.keep('b', d1, folded(3n)); // 8
    cache.keep('c', d1, folded(1n)); // 10
    cache.keep('d', d1, folded(0n)); // 11: drops a
    expect(cache.size).toBe(3);
    expect(cache.take('a', d1)).toBeUndefined();
    expect(cache.take('b', d1)).toBeDefined();

    cache.keep('huge', d1, folded(10n));
    expect(cache.take('huge', d1)).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.keep('none', d1, { state: {}, revision: null, position: 0n });
    expect(cache.size).toBe(2);
  });
});
