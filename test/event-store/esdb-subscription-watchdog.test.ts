import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionWatchdog, type WatchedSubscription } from '../../src/event-store/esdb/subscription-watchdog';

/** A subscription whose observable state the test sets by hand. */
class FakeSubscription implements WatchedSubscription {
  events = 0;
  handling = false;
  pending: bigint | null = null;
  probeFails = false;
  probes = 0;
  activity(): number {
    return this.events;
  }
  busy(): boolean {
    return this.handling;
  }
  async firstPending(): Promise<bigint | null> {
    this.probes += 1;
    if (this.probeFails) throw new Error('store unreachable');
    return this.pending;
  }
}

const INTERVAL = 1_000;

describe('subscription watchdog', () => {
  let target: FakeSubscription;
  let stalls: string[];
  let watchdog: SubscriptionWatchdog;

  beforeEach(() => {
    vi.useFakeTimers();
    target = new FakeSubscription();
    stalls = [];
    watchdog = new SubscriptionWatchdog(target, { intervalMs: INTERVAL, onStall: (reason) => stalls.push(reason) });
  });

  afterEach(() => {
    watchdog.stop();
    vi.useRealTimers();
  });

  it('reports a stall when the same event stays undelivered over two checks with nothing arriving', async () => {
    watchdog.start();
    target.pending = 42n;

    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(stalls).toEqual([]); // the event may simply not have arrived yet
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toContain('42');
  });

  it('does not report a subscription that keeps receiving, even with events pending', async () => {
    watchdog.start();
    target.pending = 42n;
    for (let i = 0; i < 10; i++) {
      target.events += 1;
      await vi.advanceTimersByTimeAsync(INTERVAL);
    }
    expect(stalls).toEqual([]);
  });

  it('does not report a slow consumer: while a batch is being handled nothing is expected to arrive', async () => {
    watchdog.start();
    target.pending = 42n;
    target.handling = true;
    await vi.advanceTimersByTimeAsync(INTERVAL * 10);
    expect(stalls).toEqual([]);
    expect(target.probes).toBe(0);
  });

  it('does not report an idle subscription with nothing to deliver', async () => {
    watchdog.start();
    await vi.advanceTimersByTimeAsync(INTERVAL * 10);
    expect(stalls).toEqual([]);
  });

  it('starts over when the pending event changes between checks', async () => {
    expect(await watchdog.check()).toBe('idle');
    target.pending = 7n;
    expect(await watchdog.check()).toBe('suspect');
    target.events += 1;
    expect(await watchdog.check()).toBe('active');
    expect(await watchdog.check()).toBe('suspect');
    expect(await watchdog.check()).toBe('stalled');
    // After reporting, the next stall needs two fresh checks again.
    expect(await watchdog.check()).toBe('suspect');
  });

  it('gives no verdict when the probe itself fails: a store outage is the stream’s own error to report', async () => {
    watchdog.start();
    target.pending = 42n;
    target.probeFails = true;
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(stalls).toEqual([]);
  });

  it('ignores a probe answer when events arrived while it ran', async () => {
    target.pending = 42n;
    expect(await watchdog.check()).toBe('suspect');
    const original = target.firstPending.bind(target);
    target.firstPending = async () => {
      target.events += 1;
      return original();
    };
    expect(await watchdog.check()).toBe('active');
  });

  it('stops checking once stopped', async () => {
    watchdog.start();
    target.pending = 42n;
    watchdog.stop();
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(target.probes).toBe(0);
    expect(stalls).toEqual([]);
  });
});
