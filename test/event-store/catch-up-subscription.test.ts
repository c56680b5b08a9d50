import { describe, expect, it } from 'vitest';
import { startCatchUpSubscription } from '../../src/event-store/catch-up-subscription';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { waitFor } from './contract-helpers';
import { chainedEvents, readAllFrom } from './recorded-events';

function sourceOver(events: RecordedEvent[]) {
  return {
    readAll: readAllFrom(events),
    headPosition: async () => (events.length ? events[events.length - 1]!.position : 0n),
  };
}

describe('catch-up subscription', () => {
  it('reads full batches back to back and sees later events through the poll alone', async () => {
    const events = chainedEvents(['a', 'b', 'a', 'c', 'a']);
    const source = sourceOver(events);
    const batches: number[][] = [];
    const subscription = startCatchUpSubscription(source, {
      after: 0n,
      batchSize: 2,
      pollIntervalMs: 5,
      onEvents: (batch) => void batches.push(batch.map((e) => Number(e.position))),
    });
    await waitFor(() => subscription.isLive, 'live');
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);

    events.push(...chainedEvents(['a', 'b', 'a', 'c', 'a', 'd']).slice(5));
    await waitFor(() => subscription.position === 6n, 'the polled event');
    await subscription.stop();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lets the event loop turn between the batches of a catch-up, with a synchronous consumer', async () => {
    const events = chainedEvents(Array.from({ length: 40 }, () => 'a'));
    const delivered: number[] = [];
    let deliveredWhenTheLoopTurned: number | undefined;
    setImmediate(() => (deliveredWhenTheLoopTurned = delivered.length));
    const subscription = startCatchUpSubscription(sourceOver(events), {
      after: 0n,
      batchSize: 4,
      pollIntervalMs: 5,
      onEvents: (batch) => void delivered.push(batch.length),
    });
    await waitFor(() => subscription.isLive, 'live');
    await subscription.stop();
    // An HTTP request, a timer or another subscription gets its turn after the first batch, not after the tenth.
    expect(delivered).toHaveLength(10);
    expect(deliveredWhenTheLoopTurned).toBe(1);
  });

  it('wakes up at once when signalled, without waiting for the poll', async () => {
    const events = chainedEvents(['a']);
    let wake: () => void = () => undefined;
    const subscription = startCatchUpSubscription(sourceOver(events), {
      after: 0n,
      pollIntervalMs: 600_000,
      wakeUp: (listener) => {
        wake = listener;
        return () => undefined;
      },
      onEvents: () => undefined,
    });
    await waitFor(() => subscription.isLive, 'live');
    events.push(...chainedEvents(['a', 'a']).slice(1));
    wake();
    await waitFor(() => subscription.position === 2n, 'the signalled event');
    await subscription.stop();
  });

  it('may be stopped by its own consumer without waiting for itself', async () => {
    const events = chainedEvents(['a', 'a', 'a']);
    const seen: bigint[] = [];
    const subscription = startCatchUpSubscription(sourceOver(events), {
      after: 0n,
      batchSize: 1,
      onEvents: async ([event]) => {
        seen.push(event!.position);
        await subscription.stop();
      },
    });
    await subscription.done;
    expect(seen).toEqual([1n]);
    expect(subscription.position).toBe(1n);
  });

  it('rejects done with the store error when a read fails', async () => {
    const subscription = startCatchUpSubscription(
      {
        readAll: async () => {
          throw new Error('disk on fire');
        },
        headPosition: async () => 0n,
      },
      { after: 0n, onEvents: () => undefined },
    );
    await expect(subscription.done).rejects.toThrow('disk on fire');
  });

  it('refuses a batch size that cannot make progress', () => {
    expect(() => startCatchUpSubscription(sourceOver([]), { after: 0n, batchSize: 0, onEvents: () => undefined })).toThrow(
      RangeError,
    );
  });
});
