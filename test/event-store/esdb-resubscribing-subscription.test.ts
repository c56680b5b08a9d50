import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import {
  ResubscribingSubscription,
  type ResubscribeOptions,
  type SourceItem,
  type SourceSignals,
  type SubscriptionSource,
} from '../../src/event-store/esdb/resubscribing-subscription';
import { sleep, waitFor } from './contract-helpers';

function event(position: bigint): RecordedEvent {
  return {
    eventId: `e${position}`,
    type: 'Thing',
    data: { position: Number(position) },
    metadata: {
      occurredAt: '2026-01-01T00:00:00.000Z',
      actor: { principalId: 'u', role: 'finance' },
      correlationId: 'c',
      causationId: null,
      schemaVersion: 1,
    },
    streamId: 's',
    revision: position,
    position,
    recordedAt: '2026-01-01T00:00:00.000Z',
    hash: 'h',
  };
}

interface OpenStream {
  after: bigint;
  readable: Readable;
  signals: SourceSignals;
  silent: boolean;
  closed: boolean;
}

/**
 * A server-side log and the push subscriptions opened on it. Streams can be silenced (the known failure:
 * open, no error, no more events), failed, or made to replay items at or below the requested position.
 */
class FakeSource implements SubscriptionSource {
  readonly log: SourceItem[] = [];
  readonly streams: OpenStream[] = [];
  sendsCaughtUp = true;
  replayOverlap = 0;
  failOpen = false;
  poison: bigint | undefined;

  open(after: bigint, signals: SourceSignals) {
    const readable = new Readable({ objectMode: true, read: () => undefined });
    const stream: OpenStream = { after, readable, signals, silent: false, closed: false };
    this.streams.push(stream);
    if (this.failOpen) {
      process.nextTick(() => readable.destroy(new Error('unavailable')));
    } else {
      const firstNew = this.log.findIndex((item) => item.position > after);
      const start = Math.max(0, (firstNew === -1 ? this.log.length : firstNew) - this.replayOverlap);
      for (const item of this.log.slice(start)) readable.push(item);
      if (this.sendsCaughtUp) signals.caughtUp();
    }
    return {
      readable,
      close: async () => {
        stream.closed = true;
        readable.destroy();
      },
    };
  }

  append(...positions: bigint[]): void {
    for (const position of positions) {
      const item = { position, event: event(position) };
      this.log.push(item);
      for (const stream of this.streams) if (!stream.silent && !stream.closed) stream.readable.push(item);
    }
  }

  /** Items the consumer must not see (system events, filtered out) still advance the position. */
  appendHidden(position: bigint): void {
    const item = { position, event: null };
    this.log.push(item);
    for (const stream of this.streams) if (!stream.silent && !stream.closed) stream.readable.push(item);
  }

  silenceOpenStreams(): void {
    for (const stream of this.streams) stream.silent = true;
  }

  failOpenStreams(): void {
    for (const stream of this.streams) if (!stream.closed) stream.readable.destroy(new Error('connection reset'));
  }

  toItem(raw: unknown): SourceItem {
    const item = raw as SourceItem;
    if (item.position === this.poison) throw new Error(`cannot decode event at ${item.position}`);
    return item;
  }

  async headPosition(): Promise<bigint> {
    return this.log[this.log.length - 1]?.position ?? 0n;
  }

  async firstPendingAfter(after: bigint): Promise<bigint | null> {
    return this.log.find((item) => item.position > after && item.event !== null)?.position ?? null;
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
const positionsOf = (events: RecordedEvent[]) => events.map((e) => e.position);

function options(overrides: Partial<ResubscribeOptions> = {}): ResubscribeOptions & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    livenessIntervalMs: 60_000,
    maxConsecutiveFailures: 5,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    onWarning: (message) => warnings.push(message),
    warnings,
    ...overrides,
  };
}

describe('resubscribing catch-up subscription', () => {
  let subscription: ResubscribingSubscription | undefined;

  afterEach(async () => {
    vi.useRealTimers();
    await subscription?.stop();
    subscription = undefined;
  });

  it('catches up from the checkpoint in bounded batches, one at a time, turns live, then follows new events', async () => {
    const source = new FakeSource();
    source.append(...range(1, 25));
    const batches: bigint[][] = [];
    let inFlight = 0;
    let overlapped = false;
    subscription = new ResubscribingSubscription(
      source,
      {
        after: 5n,
        batchSize: 4,
        onEvents: async (events) => {
          inFlight += 1;
          overlapped ||= inFlight > 1;
          await sleep(1);
          batches.push(positionsOf(events));
          inFlight -= 1;
        },
      },
      options(),
    );

    await waitFor(() => subscription!.isLive, 'live');
    expect(batches.flat()).toEqual(range(6, 25));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    expect(source.streams.map((s) => s.after)).toEqual([5n]);

    source.append(26n, 27n);
    await waitFor(() => subscription!.position === 27n, 'the live events');
    expect(batches.flat()).toEqual(range(6, 27));
    expect(overlapped).toBe(false);
    expect(await subscription.lag()).toBe(0n);
  });

  it('leaves events in the source while the consumer is busy (back-pressure), and reports the lag', async () => {
    const source = new FakeSource();
    source.append(...range(1, 50));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    subscription = new ResubscribingSubscription(
      source,
      {
        after: 0n,
        batchSize: 10,
        onEvents: async () => {
          calls += 1;
          await gate;
        },
      },
      options(),
    );

    await waitFor(() => calls === 1, 'the first batch');
    await sleep(20);
    expect(calls).toBe(1);
    expect(source.streams[0]!.readable.readableLength).toBe(40);
    expect(subscription.position).toBe(0n);
    expect(await subscription.lag()).toBe(50n);

    release();
    await waitFor(() => subscription!.position === 50n, 'everything');
    expect(calls).toBe(5);
  });

  it('skips what a reopened source replays at or below the checkpoint, so a reconnect delivers no duplicate', async () => {
    const source = new FakeSource();
    source.append(...range(1, 10));
    const received: RecordedEvent[] = [];
    const opts = options();
    subscription = new ResubscribingSubscription(source, { after: 0n, onEvents: (e) => void received.push(...e) }, opts);
    await waitFor(() => subscription!.position === 10n, 'the history');

    source.replayOverlap = 4;
    source.failOpenStreams();
    await waitFor(() => source.streams.length === 2, 'the reopening');
    source.append(11n, 12n);
    await waitFor(() => subscription!.position === 12n, 'the events after the reconnect');

    expect(positionsOf(received)).toEqual(range(1, 12));
    expect(source.streams[1]!.after).toBe(10n);
    expect(source.streams[0]!.closed).toBe(true);
    expect(opts.warnings.some((w) => w.includes('errored'))).toBe(true);
  });

  it('resubscribes from the last handled position when the source silently stops delivering', async () => {
    vi.useFakeTimers();
    const source = new FakeSource();
    source.append(...range(1, 5));
    const received: RecordedEvent[] = [];
    const opts = options({ livenessIntervalMs: 1_000 });
    subscription = new ResubscribingSubscription(source, { after: 0n, onEvents: (e) => void received.push(...e) }, opts);
    await vi.advanceTimersByTimeAsync(10);
    expect(subscription.isLive).toBe(true);

    source.silenceOpenStreams();
    source.append(6n, 7n);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.streams).toHaveLength(1);
    expect(positionsOf(received)).toEqual(range(1, 5));

    await vi.advanceTimersByTimeAsync(3_000);
    expect(source.streams.map((s) => s.after)).toEqual([0n, 5n]);
    expect(source.streams[0]!.closed).toBe(true);
    expect(positionsOf(received)).toEqual(range(1, 7));
    expect(opts.warnings.some((w) => w.includes('stalled'))).toBe(true);

    // The fresh stream keeps working, and the old one is never read again.
    source.append(8n);
    await vi.advanceTimersByTimeAsync(10);
    expect(positionsOf(received)).toEqual(range(1, 8));
  });

  it('does not resubscribe a subscription that is idle, or whose consumer is slow', async () => {
    vi.useFakeTimers();
    const source = new FakeSource();
    source.append(...range(1, 3));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    subscription = new ResubscribingSubscription(
      source,
      { after: 0n, batchSize: 1, onEvents: () => gate },
      options({ livenessIntervalMs: 1_000 }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(source.streams).toHaveLength(1);

    release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(subscription.position).toBe(3n);
    expect(source.streams).toHaveLength(1);
  });

  it('moves past events the consumer must not see and counts them as caught up', async () => {
    const source = new FakeSource();
    source.sendsCaughtUp = false; // a server before 23.10: liveness from the head position
    source.append(1n, 2n);
    source.appendHidden(3n);
    const received: RecordedEvent[] = [];
    subscription = new ResubscribingSubscription(source, { after: 0n, onEvents: (e) => void received.push(...e) }, options());
    await waitFor(() => subscription!.isLive, 'live from the head comparison');
    expect(positionsOf(received)).toEqual([1n, 2n]);
    expect(subscription.position).toBe(2n);
    expect(await subscription.lag()).toBe(0n);
  });

  it("ends with the consumer's error, surfaced through done, without acknowledging the failed batch", async () => {
    const source = new FakeSource();
    source.append(...range(1, 3));
    subscription = new ResubscribingSubscription(
      source,
      {
        after: 0n,
        onEvents: () => {
          throw new Error('consumer failed');
        },
      },
      options(),
    );
    await expect(subscription.done).rejects.toThrow('consumer failed');
    expect(subscription.position).toBe(0n);
    expect(source.streams).toHaveLength(1);
    expect(source.streams[0]!.closed).toBe(true);
  });

  it('ends on an event it cannot decode rather than skip it', async () => {
    const source = new FakeSource();
    source.append(...range(1, 3));
    source.poison = 2n;
    const received: RecordedEvent[] = [];
    subscription = new ResubscribingSubscription(source, { after: 0n, onEvents: (e) => void received.push(...e) }, options());
    await expect(subscription.done).rejects.toThrow('cannot decode event at 2');
    expect(positionsOf(received)).toEqual([]);
  });

  it('gives up after too many reopenings that receive nothing', async () => {
    const source = new FakeSource();
    source.failOpen = true;
    subscription = new ResubscribingSubscription(
      source,
      { after: 0n, onEvents: () => undefined },
      options({ maxConsecutiveFailures: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 2 }),
    );
    await expect(subscription.done).rejects.toThrow('unavailable');
    expect(source.streams).toHaveLength(4);
  });

  it('stops cleanly, also when asked from inside the consumer', async () => {
    const source = new FakeSource();
    source.append(...range(1, 10));
    const received: RecordedEvent[] = [];
    const self: { subscription?: ResubscribingSubscription } = {};
    subscription = new ResubscribingSubscription(
      source,
      {
        after: 0n,
        batchSize: 2,
        onEvents: async (events) => {
          received.push(...events);
          if (received.length >= 4) await self.subscription!.stop();
        },
      },
      options(),
    );
    self.subscription = subscription;
    await subscription.done;
    expect(positionsOf(received)).toEqual(range(1, 4));
    expect(subscription.position).toBe(4n);
    expect(source.streams[0]!.closed).toBe(true);
  });
});
