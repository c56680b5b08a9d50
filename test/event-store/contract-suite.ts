import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
} from '../../src/event-store/event-store.errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from '../../src/event-store/event-store.port';
import { verifyChains } from '../../src/event-store/verify-chains';
import { appendAsTheModelSays, newEvent, newEvents, settle, sleep, uniquePrefix, waitFor } from './contract-helpers';
import { EventStoreModel, type ModelEvent } from './event-store-model';

export interface ContractSubject {
  store: EventStore;
  cleanup: () => Promise<void>;
  /**
   * Changes the stored data of one event behind the store's back, as an attacker with file or disk
   * access would. Adapter-specific; when absent the tamper-detection test is skipped with a reason.
   */
  tamper?: (streamId: string, revision: bigint) => Promise<void>;
}

/**
 * The whole event store contract. An adapter's test file calls this with a factory giving a store; each
 * test gets its own subject, uses its own stream prefix and never assumes an empty $all, so a factory may
 * hand out one shared store. Positions are only required to increase (EventStoreDB's are byte offsets);
 * gap-free positions are a SQLite-specific promise tested beside it.
 */
export function runEventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let p: string;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      p = uniquePrefix();
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    async function ourEvents(after = 0n): Promise<RecordedEvent[]> {
      return store.readAll({ after, filter: { streamPrefixes: [p] } });
    }

    async function expectConcurrencyError(
      promise: Promise<unknown>,
      streamId: string,
      expected: ExpectedRevision,
      actual: bigint | null,
    ): Promise<void> {
      const outcome = await settle(promise);
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId, expected, actual });
    }

    describe('streams and revisions', () => {
      it('numbers revisions from 0 and returns the last revision, its position and the ids', async () => {
        const events = newEvents(3, 'Opened');
        const result = await store.append(`${p}s`, events, 'no_stream');

        expect(result).toMatchObject({
          streamId: `${p}s`,
          revision: 2n,
          eventIds: events.map((e) => e.eventId),
          duplicate: false,
        });
        const stored = await store.readStream(`${p}s`);
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(stored[2]!.position).toBe(result.position);
        expect(await store.streamRevision(`${p}s`)).toBe(2n);
      });

      it('gives back what was appended, plus recordedAt and a hash', async () => {
        const event = newEvent('Measured', { amount: 12345, currency: 'EUR', nested: { list: [1, 'two', null] }, text: 'é ✓ 中' });
        event.metadata.reason = 'why not';
        await store.append(`${p}s`, [event], 'any');

        const [stored] = await store.readStream(`${p}s`);
        expect(stored).toMatchObject({
          eventId: event.eventId,
          type: 'Measured',
          data: event.data,
          metadata: event.metadata,
          streamId: `${p}s`,
          revision: 0n,
        });
        expect(stored!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it("finds an event id's revision in its own stream only", async () => {
        const first = newEvents(2, 'Opened');
        const other = newEvents(1, 'Opened');
        await store.append(`${p}s`, first, 'no_stream');
        await store.append(`${p}s`, newEvents(1, 'Noted'), 1n);
        await store.append(`${p}other`, other, 'no_stream');

        expect(await store.eventRevision(`${p}s`, first[1]!.eventId)).toBe(1n);
        expect(await store.eventRevision(`${p}s`, first[0]!.eventId)).toBe(0n);
        expect(await store.eventRevision(`${p}s`, other[0]!.eventId)).toBeNull();
        expect(await store.eventRevision(`${p}other`, other[0]!.eventId)).toBe(0n);
        expect(await store.eventRevision(`${p}s`, randomUUID())).toBeNull();
        expect(await store.eventRevision(`${p}missing`, first[0]!.eventId)).toBeNull();
      });

      it('reports a stream that does not exist as null revision and no events', async () => {
        expect(await store.streamRevision(`${p}missing`)).toBeNull();
        expect(await store.readStream(`${p}missing`)).toEqual([]);
        expect(await store.readStream(`${p}missing`, { direction: 'backwards' })).toEqual([]);
      });

      it('refuses an empty batch and an empty stream id', async () => {
        await expect(store.append(`${p}s`, [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('', [newEvent('X')], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.streamRevision(`${p}s`)).toBeNull();
      });
    });

    describe('expected revision', () => {
      it('no_stream succeeds on a new stream and fails on an existing one', async () => {
        await store.append(`${p}s`, [newEvent('A')], 'no_stream');
        await expectConcurrencyError(store.append(`${p}s`, [newEvent('B')], 'no_stream'), `${p}s`, 'no_stream', 0n);
        expect(await store.streamRevision(`${p}s`)).toBe(0n);
      });

      it('stream_exists fails on a new stream and succeeds on an existing one', async () => {
        await expectConcurrencyError(
          store.append(`${p}s`, [newEvent('A')], 'stream_exists'),
          `${p}s`,
          'stream_exists',
          null,
        );
        expect(await store.streamRevision(`${p}s`)).toBeNull();
        await store.append(`${p}s`, [newEvent('A')], 'any');
        const result = await store.append(`${p}s`, [newEvent('B')], 'stream_exists');
        expect(result.revision).toBe(1n);
      });

      it('an exact revision succeeds only when it is the revision of the last event', async () => {
        await expectConcurrencyError(store.append(`${p}s`, [newEvent('A')], 0n), `${p}s`, 0n, null);
        await store.append(`${p}s`, newEvents(2), 'no_stream');
        await expectConcurrencyError(store.append(`${p}s`, [newEvent('C')], 0n), `${p}s`, 0n, 1n);
        await expectConcurrencyError(store.append(`${p}s`, [newEvent('C')], 2n), `${p}s`, 2n, 1n);
        const result = await store.append(`${p}s`, [newEvent('C')], 1n);
        expect(result.revision).toBe(2n);
        expect((await store.readStream(`${p}s`)).map((e) => e.type)).toEqual(['Thing', 'Thing', 'C']);
      });

      it('any succeeds whatever the state', async () => {
        expect((await store.append(`${p}s`, [newEvent('A')], 'any')).revision).toBe(0n);
        expect((await store.append(`${p}s`, [newEvent('B')], 'any')).revision).toBe(1n);
      });

      it('of 20 concurrent writers expecting the same revision exactly one wins', async () => {
        await store.append(`${p}s`, [newEvent('Opened')], 'no_stream');
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => settle(store.append(`${p}s`, [newEvent('Raced', { i })], 0n))),
        );

        const winners = outcomes.filter((o) => o.ok);
        expect(winners).toHaveLength(1);
        for (const loser of outcomes.filter((o) => !o.ok)) {
          const error = (loser as { error: unknown }).error;
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ expected: 0n, actual: 1n });
        }
        const stored = await store.readStream(`${p}s`);
        expect(stored).toHaveLength(2);
        expect(stored[1]!.eventId).toBe((winners[0] as { value: AppendResult }).value.eventIds[0]);
      });
    });

    describe('$all', () => {
      it('orders every event by a strictly increasing position, with non-decreasing recordedAt', async () => {
        const before = await store.headPosition();
        const results: AppendResult[] = [];
        for (let i = 0; i < 6; i++) {
          results.push(await store.append(`${p}s${i % 3}`, newEvents(1 + (i % 2)), 'any'));
        }

        const all = await ourEvents(before);
        expect(all.map((e) => e.eventId)).toEqual(results.flatMap((r) => r.eventIds));
        for (let i = 1; i < all.length; i++) {
          expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
          expect(all[i]!.recordedAt >= all[i - 1]!.recordedAt).toBe(true);
        }
        expect(all[0]!.position).toBeGreaterThan(before);
        for (const result of results) {
          expect(all.find((e) => e.eventId === result.eventIds[result.eventIds.length - 1])!.position).toBe(
            result.position,
          );
        }
        expect(await store.headPosition()).toBeGreaterThanOrEqual(results[results.length - 1]!.position);
      });

      it('reads from a position (exclusive), with a limit', async () => {
        const before = await store.headPosition();
        await store.append(`${p}s`, newEvents(6), 'no_stream');
        const all = await ourEvents(before);

        const rest = await ourEvents(all[1]!.position);
        expect(rest.map((e) => e.revision)).toEqual([2n, 3n, 4n, 5n]);
        const limited = await store.readAll({ after: all[1]!.position, maxCount: 2, filter: { streamPrefixes: [p] } });
        expect(limited.map((e) => e.revision)).toEqual([2n, 3n]);
        expect(await ourEvents(all[5]!.position)).toEqual([]);
      });

      it('filters by event type, by stream prefix, and by both', async () => {
        const before = await store.headPosition();
        const typeA = `${p}TypeA`;
        const typeB = `${p}TypeB`;
        await store.append(`${p}account-1`, [newEvent(typeA), newEvent(typeB)], 'any');
        await store.append(`${p}payout-1`, [newEvent(typeA)], 'any');
        await store.append(`${p}dispute-1`, [newEvent(typeB)], 'any');
        await store.append(`${p}account-2`, [newEvent(typeA)], 'any');

        const byType = await store.readAll({ after: before, filter: { eventTypes: [typeA] } });
        expect(byType.map((e) => e.streamId)).toEqual([`${p}account-1`, `${p}payout-1`, `${p}account-2`]);

        const byTypes = await store.readAll({ after: before, filter: { eventTypes: [typeA, typeB] } });
        expect(byTypes).toHaveLength(5);

        const byPrefix = await store.readAll({ after: before, filter: { streamPrefixes: [`${p}account-`] } });
        expect(byPrefix.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
          `${p}account-1@0`,
          `${p}account-1@1`,
          `${p}account-2@0`,
        ]);

        const byPrefixes = await store.readAll({
          after: before,
          filter: { streamPrefixes: [`${p}payout-`, `${p}dispute-`] },
        });
        expect(byPrefixes.map((e) => e.streamId)).toEqual([`${p}payout-1`, `${p}dispute-1`]);

        const byBoth = await store.readAll({
          after: before,
          filter: { eventTypes: [typeB], streamPrefixes: [`${p}account-`] },
        });
        expect(byBoth.map((e) => `${e.streamId}@${e.revision}`)).toEqual([`${p}account-1@1`]);

        const limited = await store.readAll({ after: before, maxCount: 1, filter: { eventTypes: [typeB] } });
        expect(limited.map((e) => e.streamId)).toEqual([`${p}account-1`]);
      });

      it('reads without payloads when asked: every other field as a full read has it', async () => {
        const before = await store.headPosition();
        await store.append(`${p}nodata-1`, newEvents(3), 'no_stream');
        await store.append(`${p}nodata-2`, newEvents(2), 'no_stream');
        const filter = { streamPrefixes: [`${p}nodata-`] };
        const full = await store.readAll({ after: before, filter });
        const bare = await store.readAll({ after: before, filter, withData: false, maxCount: 4 });
        expect(full).toHaveLength(5);
        expect(bare).toHaveLength(4);
        bare.forEach((event, i) => {
          const { data: fullData, ...fullRest } = full[i]!;
          const { data, ...rest } = event;
          expect(rest).toEqual(fullRest);
          // A store may leave the payload out or keep it; it never hands back a different one.
          if (data !== undefined) expect(data).toEqual(fullData);
        });
        const asked = await store.readAll({ after: before, filter, withData: true });
        expect(asked).toEqual(full);
      });

      it('reads an empty list of types or prefixes as no filter on that dimension, like an absent one', async () => {
        const before = await store.headPosition();
        const type = `${p}EmptyListType`;
        await store.append(`${p}empty-1`, [newEvent(type)], 'any');
        await store.append(`${p}empty-2`, [newEvent(`${p}Other`)], 'any');
        const noTypes = await store.readAll({ after: before, filter: { eventTypes: [], streamPrefixes: [`${p}empty-`] } });
        expect(noTypes.map((e) => e.streamId)).toEqual([`${p}empty-1`, `${p}empty-2`]);
        const noPrefixes = await store.readAll({ after: before, filter: { eventTypes: [type], streamPrefixes: [] } });
        expect(noPrefixes.map((e) => e.streamId)).toEqual([`${p}empty-1`]);
      });
    });

    describe('reading a stream', () => {
      beforeEach(async () => {
        await store.append(`${p}s`, newEvents(10), 'no_stream');
      });

      const revisions = (events: RecordedEvent[]) => events.map((e) => Number(e.revision));

      it('forwards from the start, from a revision (inclusive), with a limit', async () => {
        expect(revisions(await store.readStream(`${p}s`))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(revisions(await store.readStream(`${p}s`, { fromRevision: 3n, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
        expect(revisions(await store.readStream(`${p}s`, { direction: 'forwards', maxCount: 2 }))).toEqual([0, 1]);
        expect(revisions(await store.readStream(`${p}s`, { fromRevision: 8n }))).toEqual([8, 9]);
        expect(await store.readStream(`${p}s`, { fromRevision: 10n })).toEqual([]);
      });

      it('several whole streams at once, each in revision order, [] for a stream without events', async () => {
        await store.append(`${p}t`, newEvents(3), 'no_stream');
        const read = await store.readStreams([`${p}t`, `${p}missing`, `${p}s`, `${p}t`]);
        expect([...read.keys()]).toEqual([`${p}t`, `${p}missing`, `${p}s`]);
        expect(revisions(read.get(`${p}s`)!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(read.get(`${p}s`)).toEqual(await store.readStream(`${p}s`));
        expect(read.get(`${p}t`)).toEqual(await store.readStream(`${p}t`));
        expect(read.get(`${p}missing`)).toEqual([]);
        expect((await store.readStreams([])).size).toBe(0);
      });

      it('backwards from the end, from a revision (inclusive), with a limit', async () => {
        expect(revisions(await store.readStream(`${p}s`, { direction: 'backwards' }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(`${p}s`, { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
        expect(
          revisions(await store.readStream(`${p}s`, { direction: 'backwards', fromRevision: 5n, maxCount: 3 })),
        ).toEqual([5, 4, 3]);
        expect(revisions(await store.readStream(`${p}s`, { direction: 'backwards', fromRevision: 1n }))).toEqual([1, 0]);
      });
    });

    describe('idempotency', () => {
      it('answers an exact replay with the original result and stores nothing, whatever the expected revision', async () => {
        const events = newEvents(2, 'Accrued');
        const original = await store.append(`${p}s`, events, 'no_stream');
        await store.append(`${p}s`, [newEvent('Later')], 1n);
        const head = await store.headPosition();

        for (const expected of ['any', 'no_stream', 'stream_exists', 0n, 1n, 7n] as ExpectedRevision[]) {
          const replay = await store.append(`${p}s`, events, expected);
          expect(replay).toEqual({ ...original, duplicate: true });
        }
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(`${p}s`)).map((e) => e.type)).toEqual(['Accrued', 'Accrued', 'Later']);
      });

      it('refuses a partial overlap, a reordering, or the same ids in another stream, storing nothing', async () => {
        const [e1, e2] = newEvents(2);
        await store.append(`${p}s`, [e1!, e2!], 'no_stream');
        const e3 = newEvent('Fresh');
        const head = await store.headPosition();

        const attempts: [string, NewEvent[]][] = [
          [`${p}s`, [e2!, e3]],
          [`${p}s`, [e3, e2!]],
          [`${p}s`, [e1!, e3]],
          [`${p}s`, [e2!, e1!]],
          [`${p}s`, [e1!, e2!, e3]],
          [`${p}other`, [e1!, e2!]],
        ];
        for (const [streamId, events] of attempts) {
          const outcome = await settle(store.append(streamId, events, 'any'));
          expect(outcome.ok, `append of ${events.length} events to ${streamId}`).toBe(false);
          expect((outcome as { error: unknown }).error).toBeInstanceOf(DuplicateEventIdError);
        }
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(`${p}s`)).map((e) => e.eventId)).toEqual([e1!.eventId, e2!.eventId]);
        expect(await store.streamRevision(`${p}other`)).toBeNull();
      });
    });

    describe('catch-up subscription', () => {
      it('catches up from a checkpoint, turns live and then receives new appends without gap or duplicate', async () => {
        const before = await store.headPosition();
        for (let i = 0; i < 10; i++) await store.append(`${p}s${i % 3}`, newEvents(3), 'any');
        const history = await ourEvents(before);
        expect(history).toHaveLength(30);
        const checkpoint = history[9]!.position;

        const received: RecordedEvent[] = [];
        let inFlight = 0;
        let overlapped = false;
        let biggestBatch = 0;
        const subscription = store.subscribeToAll({
          after: checkpoint,
          filter: { streamPrefixes: [p] },
          batchSize: 7,
          onEvents: async (events) => {
            inFlight += 1;
            overlapped ||= inFlight > 1;
            biggestBatch = Math.max(biggestBatch, events.length);
            await sleep(5); // a deliberately slow consumer
            received.push(...events);
            inFlight -= 1;
          },
        });
        await waitFor(() => subscription.isLive, 'the subscription to turn live');
        expect(received.map((e) => e.eventId)).toEqual(history.slice(10).map((e) => e.eventId));

        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.append(`${p}live${i % 4}`, [newEvent('Live', { i })], 'any')),
        );
        // A last event appended after the burst: once it arrives, everything before it must have too.
        const sentinel = await store.append(`${p}sentinel`, [newEvent('Sentinel')], 'no_stream');
        await waitFor(() => received.some((e) => e.eventId === sentinel.eventIds[0]), 'the sentinel event');
        await subscription.stop();
        await subscription.done;

        const expected = (await ourEvents(checkpoint)).map((e) => e.eventId);
        expect(expected).toHaveLength(41);
        expect(received.map((e) => e.eventId)).toEqual(expected);
        for (let i = 1; i < received.length; i++) {
          expect(received[i]!.position).toBeGreaterThan(received[i - 1]!.position);
        }
        expect(overlapped).toBe(false);
        expect(biggestBatch).toBeLessThanOrEqual(7);
        expect(subscription.position).toBe(sentinel.position);
      });

      it('reports its lag while the consumer is behind, and none once caught up', async () => {
        await store.append(`${p}s`, [newEvent('Before')], 'any');
        const start = await store.headPosition();
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let calls = 0;
        const subscription = store.subscribeToAll({
          after: start,
          filter: { streamPrefixes: [p] },
          onEvents: async () => {
            calls += 1;
            await gate;
          },
        });
        await waitFor(() => subscription.isLive, 'the subscription to turn live');
        expect(await subscription.lag()).toBe(0n);

        const appended = await store.append(`${p}s`, newEvents(3), 'any');
        await waitFor(() => calls === 1, 'the consumer to be handed the new events');
        expect(subscription.position).toBe(start);
        expect(await subscription.lag()).toBeGreaterThan(0n);

        release();
        await waitFor(async () => (await subscription.lag()) === 0n, 'the lag to drop to zero');
        expect(subscription.position).toBe(appended.position);
        await subscription.stop();
      });

      it('stops with the consumer error, surfaced through done', async () => {
        await store.append(`${p}s`, newEvents(3), 'any');
        const before = (await ourEvents())[0]!.position - 1n;
        const subscription = store.subscribeToAll({
          after: before,
          filter: { streamPrefixes: [p] },
          onEvents: () => {
            throw new Error('consumer failed');
          },
        });
        await expect(subscription.done).rejects.toThrow('consumer failed');
        expect(subscription.position).toBe(before);
      });
    });

    describe('tamper evidence', () => {
      it('verifies every hash chain of an untouched store', async () => {
        await store.append(`${p}a`, newEvents(3), 'no_stream');
        await store.append(`${p}b`, newEvents(2), 'no_stream');
        await store.append(`${p}a`, newEvents(2), 2n);

        const progress: bigint[] = [];
        const report = await verifyChains(store, { batchSize: 3, onProgress: (p) => progress.push(p.position) });
        expect(report).toMatchObject({ ok: true });
        expect(report.firstBroken).toBeUndefined();
        expect(report.eventsChecked).toBeGreaterThanOrEqual(7);
        expect(report.streamsChecked).toBeGreaterThanOrEqual(2);
        expect(progress.length).toBeGreaterThan(0);
      });

      it('detects a tampered event and names it', async (context) => {
        if (!subject.tamper) {
          console.warn(`[${name}] skipping tamper detection: the factory offers no tamper hook for this adapter`);
          context.skip();
          return;
        }
        await store.append(`${p}a`, newEvents(3), 'no_stream');
        await store.append(`${p}b`, newEvents(3), 'no_stream');
        const victim = (await store.readStream(`${p}b`))[1]!;

        await subject.tamper(`${p}b`, 1n);

        const report = await verifyChains(store);
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toMatchObject({
          streamId: `${p}b`,
          revision: '1',
          position: victim.position.toString(),
          eventId: victim.eventId,
        });
      });
    });

    describe('against an in-memory model', () => {
      type Source = 'fresh' | 'replay' | 'mixed';
      interface Command {
        stream: number;
        source: Source;
        ref: number;
        count: number;
        expected: 'any' | 'no_stream' | 'stream_exists' | 'current' | 'stale' | bigint;
        otherStream: boolean;
        oldFirst: boolean;
      }
      /** What buildAppend needs of a command: which stream, and fresh or reused event ids. */
      type AppendShape = Pick<Command, 'stream' | 'source' | 'ref' | 'count' | 'otherStream' | 'oldFirst'>;
      const command: fc.Arbitrary<Command> = fc.record({
        stream: fc.nat({ max: 2 }),
        source: fc.constantFrom<Source>('fresh', 'fresh', 'replay', 'mixed'),
        ref: fc.nat({ max: 50 }),
        count: fc.integer({ min: 1, max: 3 }),
        expected: fc.oneof(
          fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const),
          fc.constantFrom('current' as const, 'current' as const, 'stale' as const),
          fc.bigInt({ min: 0n, max: 4n }),
        ),
        otherStream: fc.boolean(),
        oldFirst: fc.boolean(),
      });

      it('agrees with the model on results, errors, streams and $all for random append sequences', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
            const run = uniquePrefix('m');
            const streams = [0, 1, 2].map((i) => `${run}s${i}`);
            const model = new EventStoreModel();
            const attempted: { streamId: string; events: NewEvent[] }[] = [];
            const replays: { lastEventId: string; position: bigint }[] = [];
            let lastPosition = 0n;

            for (const cmd of commands) {
              const { streamId, events } = buildAppend(cmd, streams, attempted);
              const current = model.revision(streamId);
              const expected: ExpectedRevision =
                cmd.expected === 'current'
                  ? (current ?? 'no_stream')
                  : cmd.expected === 'stale'
                    ? (current !== null && current > 0n ? current - 1n : 'stream_exists')
                    : cmd.expected;
              attempted.push({ streamId, events });

              const label = `append ${events.map((e) => e.eventId.slice(0, 4))} to ${streamId} expecting ${String(expected)}`;
              const outcome = await appendAsTheModelSays(store, model, streamId, events, expected, label);
              if (!outcome) continue;
              const { want, result } = outcome;
              if (want.kind === 'replayed') {
                replays.push({ lastEventId: want.lastEventId, position: result.position });
              } else {
                expect(result.position).toBeGreaterThan(lastPosition);
                lastPosition = result.position;
              }
            }

            const all = await store.readAll({ filter: { streamPrefixes: [run] } });
            const describeEvent = (e: { eventId: string; streamId: string; revision: bigint }) =>
              `${e.eventId}@${e.streamId}@${e.revision}`;
            expect(all.map(describeEvent)).toEqual(model.all.map(describeEvent));
            for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
            for (const replay of replays) {
              expect(all.find((e) => e.eventId === replay.lastEventId)!.position).toBe(replay.position);
            }
            for (const streamId of streams) {
              expect((await store.readStream(streamId)).map(describeEvent)).toEqual(
                model.stream(streamId).map(describeEvent),
              );
              expect(await store.streamRevision(streamId)).toBe(model.revision(streamId));
            }
          }),
          { numRuns: 25 },
        );
      });

      type ExpectedKind = 'any' | 'no_stream' | 'stream_exists' | 'right' | 'wrong';
      type Step =
        | ({ kind: 'append'; expected: ExpectedKind; wrongBy: number; typeSeed: number } & AppendShape)
        | { kind: 'readStream'; stream: number; backwards: boolean; from: number | undefined; maxCount: number | undefined }
        | {
            kind: 'readAll';
            after: 'zero' | 'start' | 'head' | number;
            maxCount: number | undefined;
            types: number[] | undefined;
            prefixes: number[] | undefined;
          }
        | { kind: 'revision'; stream: number }
        | { kind: 'head' };

      const maxCount = fc.option(fc.constantFrom(0, 1, 2, 3, 7), { nil: undefined, freq: 3 });
      const step: fc.Arbitrary<Step> = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.record({
            kind: fc.constant('append' as const),
            stream: fc.nat({ max: 3 }),
            source: fc.constantFrom<Source>('fresh', 'fresh', 'fresh', 'replay', 'mixed'),
            ref: fc.nat({ max: 50 }),
            count: fc.integer({ min: 1, max: 3 }),
            expected: fc.constantFrom<ExpectedKind>('any', 'no_stream', 'stream_exists', 'right', 'right', 'wrong'),
            wrongBy: fc.constantFrom(-2, -1, 1, 2, 3),
            typeSeed: fc.nat({ max: 8 }),
            otherStream: fc.boolean(),
            oldFirst: fc.boolean(),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('readStream' as const),
            stream: fc.nat({ max: 3 }),
            backwards: fc.boolean(),
            from: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
            maxCount,
          }),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant('readAll' as const),
            after: fc.oneof(fc.constantFrom('zero' as const, 'start' as const, 'head' as const), fc.nat({ max: 60 })),
            maxCount,
            // Non-empty lists only: an empty list means "no filter" to SQLite and "nothing" to the ESDB adapter.
            types: fc.option(fc.uniqueArray(fc.nat({ max: 2 }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
            prefixes: fc.option(fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('revision' as const), stream: fc.nat({ max: 3 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('head' as const) }) },
      );

      it('agrees with the model after every step of random appends interleaved with random stream and $all reads', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 50, size: 'max' }), async (steps) => {
            const run = uniquePrefix('r');
            // pay-1 is a prefix of pay-10, and acct- of both acct streams: prefix filters must not be exact names.
            const streams = [`${run}acct-0`, `${run}acct-1`, `${run}pay-1`, `${run}pay-10`];
            const prefixes = [`${run}acct-`, `${run}pay-1`, `${run}pay-10`, run, `${run}acct-1`, `${run}none-`];
            const types = [`${run}Opened`, `${run}Moved`, `${run}Closed`];
            const model = new EventStoreModel();
            const attempted: { streamId: string; events: NewEvent[] }[] = [];
            const acknowledged: { streamId: string; events: NewEvent[] }[] = [];
            const stored = new Map<string, NewEvent>();
            /** Positions the store has told us, by event id; each must never change, and they follow model order. */
            const positions = new Map<string, bigint>();
            // Nothing but this run writes after this point (a factory may share one store between tests).
            const startHead = await store.headPosition();
            const describeEvent = (e: { eventId: string; streamId: string; revision: bigint; type: string }) =>
              `${e.eventId.slice(0, 8)}@${e.streamId.slice(run.length)}@${e.revision}:${e.type.slice(run.length)}`;

            const learn = (eventId: string, position: bigint, label: string): void => {
              const known = positions.get(eventId);
              if (known !== undefined) expect(position, `${label}: position of ${eventId} changed`).toBe(known);
              else positions.set(eventId, position);
            };
            /** Known positions in model ($all) order; they must be strictly increasing. */
            const knownInOrder = (): { eventId: string; position: bigint }[] => {
              const known = model.all.flatMap((e) => {
                const position = positions.get(e.eventId);
                return position === undefined ? [] : [{ eventId: e.eventId, position }];
              });
              for (let i = 1; i < known.length; i++) {
                expect(known[i]!.position, 'positions out of $all order').toBeGreaterThan(known[i - 1]!.position);
              }
              return known;
            };
            const checkRead = (label: string, got: RecordedEvent[], want: ModelEvent[], order: 'up' | 'down'): void => {
              expect(got.map(describeEvent), label).toEqual(want.map(describeEvent));
              got.forEach((event, i) => {
                const original = stored.get(event.eventId)!;
                expect({ data: event.data, metadata: event.metadata }, `${label}: ${event.eventId}`).toEqual({
                  data: original.data,
                  metadata: original.metadata,
                });
                learn(event.eventId, event.position, label);
                if (i > 0) {
                  if (order === 'up') expect(event.position, label).toBeGreaterThan(got[i - 1]!.position);
                  else expect(event.position, label).toBeLessThan(got[i - 1]!.position);
                }
              });
            };

            for (const [index, s] of steps.entries()) {
              if (s.kind === 'append') {
                // A replay mostly re-sends an append that was stored, so that idempotent re-appends are common.
                const pool = s.source === 'replay' && acknowledged.length > 0 && s.ref % 4 !== 0 ? acknowledged : attempted;
                const { streamId, events } = buildAppend(s, streams, pool, (i) => types[(s.typeSeed + i) % types.length]!);
                attempted.push({ streamId, events });
                const current = model.revision(streamId);
                let expected: ExpectedRevision;
                switch (s.expected) {
                  case 'right':
                    expected = current ?? 'no_stream';
                    break;
                  case 'wrong': {
                    const wrong = (current ?? -1n) + BigInt(s.wrongBy);
                    expected = wrong >= 0n ? wrong : (current ?? -1n) - BigInt(s.wrongBy);
                    break;
                  }
                  default:
                    expected = s.expected;
                }
                const label = `step ${index}: append ${events.map((e) => e.eventId.slice(0, 4))} to ${streamId} expecting ${String(expected)}`;
                const outcome = await appendAsTheModelSays(store, model, streamId, events, expected, label);
                if (!outcome) continue;
                const { want, result } = outcome;
                if (want.kind === 'appended') {
                  acknowledged.push({ streamId, events });
                  for (const event of events) stored.set(event.eventId, event);
                  const previous = knownInOrder().at(-1);
                  if (previous) expect(result.position, label).toBeGreaterThan(previous.position);
                  else expect(result.position, label).toBeGreaterThan(startHead);
                }
                learn(events[events.length - 1]!.eventId, result.position, label);
              } else if (s.kind === 'readStream') {
                const streamId = streams[s.stream]!;
                // From anywhere in the stream, or one or two past its end.
                const span = model.stream(streamId).length + 2;
                const options = {
                  direction: s.backwards ? ('backwards' as const) : ('forwards' as const),
                  ...(s.from === undefined ? {} : { fromRevision: BigInt(s.from % span) }),
                  ...(s.maxCount === undefined ? {} : { maxCount: s.maxCount }),
                };
                const label = `step ${index}: readStream ${streamId} ${JSON.stringify(options, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
                checkRead(label, await store.readStream(streamId, options), model.readStream(streamId, options), s.backwards ? 'down' : 'up');
              } else if (s.kind === 'readAll') {
                const filter = {
                  ...(s.types === undefined ? {} : { eventTypes: s.types.map((i) => types[i]!) }),
                  ...(s.prefixes === undefined ? {} : { streamPrefixes: s.prefixes.map((i) => prefixes[i]!) }),
                };
                const filtered = s.types !== undefined || s.prefixes !== undefined;
                // Every filter here only matches this run's events, so it may read from the very beginning.
                let after = startHead;
                let afterEventId: string | undefined;
                if (s.after === 'zero' && filtered) after = 0n;
                else if (s.after === 'head') {
                  after = await store.headPosition();
                  afterEventId = model.all.at(-1)?.eventId;
                  if (afterEventId !== undefined) learn(afterEventId, after, `step ${index}: headPosition`);
                } else if (typeof s.after === 'number') {
                  const known = knownInOrder();
                  if (known.length > 0) ({ eventId: afterEventId, position: after } = known[s.after % known.length]!);
                }
                const options = { after, ...(s.maxCount === undefined ? {} : { maxCount: s.maxCount }), ...(filtered ? { filter } : {}) };
                const label = `step ${index}: readAll after ${afterEventId ?? String(after)} ${JSON.stringify({ ...options, after: undefined })}`;
                const got = await store.readAll(options);
                checkRead(label, got, model.readAll(afterEventId, options), 'up');
                if (got.length > 0) expect(got[0]!.position, label).toBeGreaterThan(after);
              } else if (s.kind === 'revision') {
                const streamId = streams[s.stream]!;
                expect(await store.streamRevision(streamId), `step ${index}: streamRevision ${streamId}`).toBe(model.revision(streamId));
              } else {
                const head = await store.headPosition();
                const last = model.all.at(-1);
                if (last === undefined) expect(head, `step ${index}: headPosition`).toBe(startHead);
                else learn(last.eventId, head, `step ${index}: headPosition`);
              }
            }

            const all = await store.readAll({ after: startHead });
            checkRead('the whole run', all, model.all, 'up');
            knownInOrder();
            for (const streamId of streams) {
              checkRead(`the whole of ${streamId}`, await store.readStream(streamId), model.stream(streamId), 'up');
            }
          }),
          { numRuns: 30 },
        );
      });

      function buildAppend(
        cmd: AppendShape,
        streams: string[],
        attempted: { streamId: string; events: NewEvent[] }[],
        typeOf: (i: number) => string = (i) => `T${i % 2}`,
      ): { streamId: string; events: NewEvent[] } {
        const ownStream = streams[cmd.stream]!;
        const fresh = () => Array.from({ length: cmd.count }, (_, i) => newEvent(typeOf(i), { i }, randomUUID()));
        if (cmd.source === 'fresh' || attempted.length === 0) return { streamId: ownStream, events: fresh() };
        const earlier = attempted[cmd.ref % attempted.length]!;
        if (cmd.source === 'replay') {
          return { streamId: cmd.otherStream ? ownStream : earlier.streamId, events: earlier.events };
        }
        const old = earlier.events[cmd.ref % earlier.events.length]!;
        const added = fresh();
        return {
          streamId: cmd.otherStream ? ownStream : earlier.streamId,
          events: cmd.oldFirst ? [old, ...added] : [...added, old],
        };
      }
    });
  });
}
