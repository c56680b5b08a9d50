import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/event-store/event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { verifyChains } from '../../src/event-store/verify-chains';
import { newEvent, settle } from './contract-helpers';
import { EventStoreModel } from './event-store-model';
import { expectIntactFile } from './sqlite-file-checks';

/*
 * The SQLite adapter keeps stream heads, the head position and the last recordedAt in memory between its
 * write transactions (writer-state.ts) and relies on `PRAGMA data_version` to notice another connection's
 * commits. These tests race several connections on one file, first from separate processes, then from two
 * stores in this process, and check that the log they leave is exactly what they acknowledged.
 */

const WRITER_SCRIPT = resolve(__dirname, 'fixtures', 'race-writer.cjs');
const WRITERS = 3;
const ROUNDS = 40;
const SHARED = 'race-shared';
/** Per-process clock skew: recordedAt must stay non-decreasing along $all across processes all the same. */
const CLOCK_SKEWS_MS = [0, 3_000, -3_000];

interface Message {
  type: 'started' | 'ready' | 'result' | 'done' | 'private';
  round?: number;
  writer?: number;
  ok?: boolean;
  revision?: string | null;
  position?: string;
  eventIds?: string[];
  duplicate?: boolean;
  expected?: string;
  error?: string;
  actual?: string | null;
  errorExpected?: string;
  streamId?: string;
}

/** One acknowledged append, as the child reported it. */
interface Ack {
  streamId: string;
  revision: bigint;
  position: bigint;
  eventIds: string[];
}

class RaceChild {
  readonly messages: Message[] = [];
  stderr = '';
  private readonly waiters: (() => void)[] = [];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited = false;

  constructor(
    readonly writer: number,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as Message);
      this.wake();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    this.exit = new Promise((resolveExit) =>
      child.on('exit', (code, signal) => {
        this.exited = true;
        this.wake();
        resolveExit({ code, signal });
      }),
    );
  }

  static spawn(dbPath: string, writer: number): RaceChild {
    const child = spawn(
      process.execPath,
      [WRITER_SCRIPT, dbPath, String(writer), SHARED, String(CLOCK_SKEWS_MS[writer % CLOCK_SKEWS_MS.length])],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    return new RaceChild(writer, child);
  }

  send(command: object): void {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /** The message of this type (and round), waiting for it if it has not arrived yet. */
  async receive(type: Message['type'], round?: number, timeoutMs = 10_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type && (round === undefined || m.round === round));
      if (found) return found;
      if (this.exited) throw new Error(`writer ${this.writer} exited before sending ${type} ${round ?? ''}: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`writer ${this.writer}: timed out waiting for ${type} ${round ?? ''}: ${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

const big = (value: string | null | undefined): bigint | null => (value === null || value === undefined ? null : BigInt(value));

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.length ? events[events.length - 1]!.position : 0n, maxCount: 1_000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
}

/**
 * What every multi-connection test ends with: positions 1..N, revisions 0..n-1 per stream, exactly the
 * acknowledged events each once where their append said, recordedAt never backwards, chains intact.
 */
async function expectExactlyTheAcknowledgedLog(store: SqliteEventStore, acks: Ack[]): Promise<RecordedEvent[]> {
  const all = await readEverything(store);
  expect(all.map((e) => Number(e.position)), 'positions 1..N without gap').toEqual(all.map((_, i) => i + 1));
  expect(await store.headPosition()).toBe(BigInt(all.length));

  const byId = new Map<string, RecordedEvent>();
  for (const event of all) {
    expect(byId.has(event.eventId), `event ${event.eventId} stored twice`).toBe(false);
    byId.set(event.eventId, event);
  }
  const acknowledged = new Set<string>();
  const claimed = new Map<string, string>();
  for (const ack of acks) {
    const first = ack.revision - BigInt(ack.eventIds.length) + 1n;
    ack.eventIds.forEach((eventId, i) => {
      expect(acknowledged.has(eventId), `event ${eventId} acknowledged twice`).toBe(false);
      acknowledged.add(eventId);
      const slot = `${ack.streamId}@${first + BigInt(i)}`;
      // No two acknowledged appends may ever claim the same revision of a stream.
      expect(claimed.get(slot), `${slot} claimed by ${claimed.get(slot)} and ${eventId}`).toBeUndefined();
      claimed.set(slot, eventId);
      const stored = byId.get(eventId);
      expect(stored, `acknowledged event ${eventId} (${slot}) is missing`).toBeDefined();
      expect(`${stored!.streamId}@${stored!.revision}`, eventId).toBe(slot);
      // SQLite positions of one append are consecutive and end at the position the append returned.
      expect(stored!.position, eventId).toBe(ack.position - BigInt(ack.eventIds.length - 1 - i));
    });
  }
  expect(all.filter((e) => !acknowledged.has(e.eventId)).map((e) => `${e.streamId}@${e.revision}`), 'stored but never acknowledged').toEqual([]);

  const revisions = new Map<string, bigint[]>();
  for (const event of all) revisions.set(event.streamId, [...(revisions.get(event.streamId) ?? []), event.revision]);
  for (const [streamId, seen] of revisions) expect(seen, streamId).toEqual(seen.map((_, i) => BigInt(i)));
  for (let i = 1; i < all.length; i++) {
    expect(all[i]!.recordedAt >= all[i - 1]!.recordedAt, `recordedAt goes backwards at position ${all[i]!.position}`).toBe(true);
  }
  expect(await verifyChains(store, { batchSize: 97 })).toEqual({ ok: true, eventsChecked: all.length, streamsChecked: revisions.size });
  return all;
}

describe('SqliteEventStore with several connections on one file', () => {
  let dir: string | undefined;
  let children: RaceChild[] = [];

  afterEach(() => {
    for (const child of children) child.kill();
    children = [];
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it(
    `${WRITERS} processes racing on one expected revision for ${ROUNDS} rounds: exactly one wins each round, nothing lost, no gap`,
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-multi-process-'));
      const dbPath = join(dir, 'race.db');
      // Create the file (and its WAL mode) once, so the children do not all race on creating the schema.
      await SqliteEventStore.open(dbPath).close();

      children = Array.from({ length: WRITERS }, (_, writer) => RaceChild.spawn(dbPath, writer));
      await Promise.all(children.map((child) => child.receive('started', undefined, 20_000)));

      let sharedRevision: bigint | null = null;
      const sharedWinners: string[] = [];
      const winsBy = new Map<number, number>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const child of children) child.send({ cmd: 'prepare', round });
        const ready = await Promise.all(children.map((child) => child.receive('ready', round)));
        // Everybody read the same revision: the one the previous round's winner left.
        expect(ready.map((m) => big(m.revision)), `round ${round}: revisions read`).toEqual(children.map(() => sharedRevision));

        // The start signal, in a different order every round so that any of them may get the lock first.
        for (const child of shuffle(children)) child.send({ cmd: 'go', round });
        const results = await Promise.all(children.map((child) => child.receive('result', round)));
        await Promise.all(children.map((child) => child.receive('done', round)));

        const winners = results.filter((r) => r.ok);
        expect(winners, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
        const winner = winners[0]!;
        const expectedRevision: bigint = (sharedRevision ?? -1n) + BigInt(winner.eventIds!.length);
        expect(big(winner.revision), `round ${round}: the winner's revision`).toBe(expectedRevision);
        expect(winner.duplicate).toBe(false);
        for (const loser of results.filter((r) => !r.ok)) {
          expect(loser, `round ${round}: writer ${loser.writer} lost`).toMatchObject({
            error: 'ConcurrencyError',
            errorExpected: sharedRevision === null ? 'no_stream' : String(sharedRevision),
            actual: String(expectedRevision),
          });
        }
        sharedRevision = expectedRevision;
        sharedWinners.push(...winner.eventIds!);
        winsBy.set(winner.writer!, (winsBy.get(winner.writer!) ?? 0) + 1);
      }

      for (const child of children) child.send({ cmd: 'end' });
      const exits = await Promise.all(children.map((child) => child.exit));
      exits.forEach((exit, i) => expect(exit, `writer ${i}: ${children[i]!.stderr}`).toEqual({ code: 0, signal: null }));
      // The shuffled start signal makes the race real: the lock does not always go to the same process.
      expect(winsBy.size, `wins by writer: ${JSON.stringify([...winsBy])}`).toBeGreaterThan(1);

      const acks: Ack[] = children.flatMap((child) =>
        child.messages
          .filter((m) => (m.type === 'result' && m.ok) || m.type === 'private')
          .map((m) => ({
            streamId: m.type === 'private' ? m.streamId! : SHARED,
            revision: BigInt(m.revision!),
            position: BigInt(m.position!),
            eventIds: m.eventIds!,
          })),
      );

      expectIntactFile(dbPath);
      const store = SqliteEventStore.open(dbPath);
      try {
        const all = await expectExactlyTheAcknowledgedLog(store, acks);
        expect((await store.readStream(SHARED)).map((e) => e.eventId), 'the shared stream holds the winners, round by round').toEqual(sharedWinners);
        expect(new Set(all.map((e) => e.streamId))).toEqual(new Set([SHARED, ...children.map((c) => `private-${c.writer}`)]));
        console.info(
          `multi-process race: ${WRITERS} writers x ${ROUNDS} rounds, ${all.length} events, wins by writer ${JSON.stringify(Object.fromEntries(winsBy))}`,
        );
      } finally {
        await store.close();
      }
    },
    60_000,
  );

  it('two stores (two connections) in one process interleaving appends: right results and errors, no gap, chains intact', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-two-connections-'));
    const dbPath = join(dir, 'two.db');
    const a = SqliteEventStore.open(dbPath);
    // B's clock runs ahead: A must pick up B's last recordedAt, not only its own.
    const b = SqliteEventStore.open(dbPath, { clock: () => new Date(Date.now() + 60_000) });
    const stores = [a, b];
    const model = new EventStoreModel();
    const positionOf = new Map<string, bigint>();
    const acks: Ack[] = [];
    const streams = ['shared', 'other', 'a-only', 'b-only'];

    /** Appends through one store and holds the outcome to the model's; returns whether it was stored. */
    async function step(store: SqliteEventStore, streamId: string, events: NewEvent[], expected: ExpectedRevision, label: string) {
      const want = model.append(streamId, events, expected);
      const got = await settle(store.append(streamId, events, expected));
      checkOutcome(want, got, events, label);
    }

    function checkOutcome(
      want: ReturnType<EventStoreModel['append']>,
      got: Awaited<ReturnType<typeof settle<AppendResult>>>,
      events: NewEvent[],
      label: string,
    ): void {
      if (want.kind === 'refused') {
        expect(got.ok, label).toBe(false);
        const error = (got as { error: unknown }).error;
        if (want.concurrency && !want.duplicateIds) {
          expect(error, label).toBeInstanceOf(ConcurrencyError);
          expect((error as ConcurrencyError).actual, label).toBe(want.actual);
        } else if (want.duplicateIds && !want.concurrency) {
          expect(error, label).toBeInstanceOf(DuplicateEventIdError);
        } else {
          expect(error instanceof ConcurrencyError || error instanceof DuplicateEventIdError, `${label}: ${String(error)}`).toBe(true);
        }
        return;
      }
      expect(got.ok, `${label}: ${got.ok ? '' : String((got as { error: unknown }).error)}`).toBe(true);
      const result = (got as { value: AppendResult }).value;
      expect(result.revision, label).toBe(want.revision);
      expect(result.duplicate, label).toBe(want.kind === 'replayed');
      const lastId = events[events.length - 1]!.eventId;
      if (want.kind === 'replayed') {
        expect(result.position, label).toBe(positionOf.get(lastId));
        return;
      }
      // Gap-free positions: the model's $all length is the head.
      expect(result.position, label).toBe(BigInt(model.all.length));
      events.forEach((event, i) => positionOf.set(event.eventId, result.position - BigInt(events.length - 1 - i)));
      acks.push({ streamId: result.streamId, revision: result.revision, position: result.position, eventIds: result.eventIds });
    }

    const fresh = (n: number, type = 'Thing') => Array.from({ length: n }, (_, i) => newEvent(type, { i }));

    try {
      // A caches the head of `shared`; B moves it on; A's exact-revision append on the old head must fail.
      await step(a, 'shared', fresh(2), 'no_stream', 'A creates shared');
      await step(b, 'shared', fresh(1), 1n, 'B appends on top');
      await step(a, 'shared', fresh(1), 1n, 'A on the stale head');
      await step(a, 'shared', fresh(1), 'no_stream', 'A: no_stream on an existing stream');
      await step(a, 'shared', fresh(3), 2n, 'A on the fresh head');
      // B caches "other does not exist", A creates it, B's no_stream must fail and its any must chain on.
      await step(b, 'other', fresh(1), 'stream_exists', 'B: stream_exists on a missing stream');
      await step(a, 'other', fresh(1), 'no_stream', 'A creates other');
      await step(b, 'other', fresh(1), 'no_stream', 'B: no_stream on the stream A created');
      await step(b, 'other', fresh(2), 'any', 'B appends any');
      await step(a, 'other', fresh(1), 'any', 'A appends any on B');

      // Random interleavings; the seed is printed so a failure can be replayed.
      const seed = Math.floor(Math.random() * 2 ** 31);
      let state = seed;
      const random = () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const attempted: { streamId: string; events: NewEvent[] }[] = [];

      for (let i = 0; i < 150; i++) {
        const label = `seed ${seed} step ${i}`;
        const roll = random();
        if (roll < 0.3) {
          // Both stores race on the same stream and the same expected revision in the same tick.
          const streamId = pick(streams.slice(0, 2));
          const current = model.revision(streamId);
          const expected: ExpectedRevision = current ?? 'no_stream';
          const contenders = random() < 0.5 ? [a, b] : [b, a];
          const batches = contenders.map(() => fresh(1 + Math.floor(random() * 3), 'Raced'));
          const outcomes = await Promise.all(contenders.map((store, k) => settle(store.append(streamId, batches[k]!, expected))));
          const winners = outcomes.flatMap((o, k) => (o.ok ? [k] : []));
          expect(winners, `${label}: exactly one of two wins`).toHaveLength(1);
          const w = winners[0]!;
          checkOutcome(model.append(streamId, batches[w]!, expected), outcomes[w]!, batches[w]!, `${label} winner`);
          checkOutcome(model.append(streamId, batches[1 - w]!, expected), outcomes[1 - w]!, batches[1 - w]!, `${label} loser`);
          attempted.push({ streamId, events: batches[w]! });
        } else if (roll < 0.4 && attempted.length > 0) {
          // A retry through the other connection: a replay, storing nothing.
          const earlier = pick(attempted);
          await step(pick(stores), earlier.streamId, earlier.events, pick<ExpectedRevision>(['any', 'no_stream', 0n]), `${label} replay`);
        } else {
          const store = pick(stores);
          const streamId = pick([...streams.slice(0, 2), store === a ? 'a-only' : 'b-only']);
          const current = model.revision(streamId);
          const expected = pick<() => ExpectedRevision>([
            () => 'any',
            () => 'no_stream',
            () => 'stream_exists',
            () => current ?? 'no_stream',
            () => (current === null ? 0n : current + 1n),
            () => (current !== null && current > 0n ? current - 1n : 3n),
          ])();
          const events = fresh(1 + Math.floor(random() * 3));
          attempted.push({ streamId, events });
          await step(store, streamId, events, expected, `${label} ${store === a ? 'A' : 'B'} -> ${streamId} expecting ${String(expected)}`);
        }
      }

      for (const store of stores) {
        const all = await expectExactlyTheAcknowledgedLog(store, acks);
        expect(all.map((e) => `${e.eventId}@${e.streamId}@${e.revision}`)).toEqual(
          model.all.map((e) => `${e.eventId}@${e.streamId}@${e.revision}`),
        );
        for (const streamId of streams) expect(await store.streamRevision(streamId), streamId).toBe(model.revision(streamId));
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});
