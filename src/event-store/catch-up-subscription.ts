import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

/** What a catch-up subscription needs from a store: ordered reads of $all and its head. */
export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<bigint>;
}

export interface CatchUpOptions extends SubscribeOptions {
  /**
   * Registers a listener the store calls when new events may exist (an in-process append), and returns
   * its removal. Without it, or for writers in other processes, the poll below is the only wake-up.
   */
  wakeUp?: (listener: () => void) => () => void;
  /** How long a live subscription sleeps between reads when nothing woke it. Default 250 ms. */
  pollIntervalMs?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_POLL_INTERVAL_MS = 250;

/**
 * A subscription built only on `readAll`: read a batch after the checkpoint, hand it to the consumer and
 * wait for it, repeat; once a read comes back short the subscription is live and sleeps until woken or
 * until the poll tick. Reads never overlap deliveries, so nothing is skipped, duplicated or overrun.
 */
export function startCatchUpSubscription(source: CatchUpSource, options: CatchUpOptions): Subscription {
  return new CatchUpSubscription(source, options);
}

class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private acknowledged: bigint;
  /**
   * Every event at or before this position has been delivered or filtered out. It runs ahead of
   * `acknowledged` when a filter skips the tail of $all, so a filtered subscription neither rescans
   * what it has already passed nor reports those skipped events as lag.
   */
  private scanned: bigint;
  private live = false;
  private stopped = false;
  private wakeRequested = false;
  private wakeSleeper: (() => void) | undefined;
  private inConsumer = false;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: CatchUpOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    }
    if (options.after < 0n) throw new RangeError(`checkpoint must be >= 0, got ${options.after}`);
    this.acknowledged = options.after;
    this.scanned = options.after;
    const removeWakeUp = options.wakeUp?.(() => this.wake());
    this.done = this.run().finally(() => removeWakeUp?.());
    // The error stays observable through `done`; this only keeps an unobserved one from crashing the process.
    this.done.catch(() => undefined);
  }

  get position(): bigint {
    return this.acknowledged;
  }

  get isLive(): boolean {
    return this.live;
  }

  async lag(): Promise<bigint> {
    const head = await this.source.headPosition();
    const behind = head - (this.scanned > this.acknowledged ? this.scanned : this.acknowledged);
    return behind > 0n ? behind : 0n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    // A consumer stopping its own subscription from inside onEvents would otherwise wait for itself.
    if (this.inConsumer) return;
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.wakeRequested = false;
      // Read before the batch: if the batch comes back short, everything up to this head has been seen.
      const head = await this.source.headPosition();
      if (this.stopped) return;
      const events = await this.source.readAll({
        after: this.scanned,
        maxCount: this.batchSize,
        filter: this.options.filter,
      });
      if (this.stopped) return;
      if (events.length > 0) {
        this.inConsumer = true;
        try {
          await this.options.onEvents(events);
        } finally {
          this.inConsumer = false;
        }
        this.acknowledged = events[events.length - 1]!.position;
        if (this.acknowledged > this.scanned) this.scanned = this.acknowledged;
      }
      if (events.length < this.batchSize) {
        if (head > this.scanned) this.scanned = head;
        this.live = true;
        await this.sleep();
      } else {
        // More to read: let the event loop turn first. Reads and a synchronous consumer resolve in microtasks
        // only, so a catch-up over a long backlog would otherwise hold the process (its HTTP server, timers,
        // other subscriptions) until it reached the head.
        await eventLoopTurn();
      }
    }
  }

  private wake(): void {
    this.wakeRequested = true;
    const sleeper = this.wakeSleeper;
    this.wakeSleeper = undefined;
    sleeper?.();
  }

  private sleep(): Promise<void> {
    if (this.wakeRequested || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeSleeper = undefined;
        resolve();
      }, this.pollIntervalMs);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
