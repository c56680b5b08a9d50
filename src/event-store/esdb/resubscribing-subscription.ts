import type { Readable } from 'node:stream';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { SubscriptionWatchdog } from './subscription-watchdog';

/**
 * A catch-up subscription over a server-pushed source (ESDB's `subscribeToAll`) that survives the source
 * failing: when the stream errors, ends, or silently stalls (see subscription-watchdog.ts), it reopens from
 * the last position it fully handled. Delivery stays gap-free and duplicate-free across reopenings because
 * every item at or below that position is skipped, whatever the new source replays.
 *
 * Back-pressure: items are pulled from the source's Readable only between batches, so while `onEvents` is
 * pending the Readable's buffer fills and the transport stops reading from the server.
 */

/** One item of the source, already decoded. `event: null` is an item the consumer must not see. */
export interface SourceItem {
  position: bigint;
  event: RecordedEvent | null;
}

export interface SourceSignals {
  /** The server says the catch-up phase is over. */
  caughtUp(): void;
  /** The server has considered everything before this position (filtered subscriptions report progress). */
  checkpoint(position: bigint): void;
}

export interface OpenedSource {
  readable: Readable;
  close(): Promise<void>;
}

export interface SubscriptionSource {
  /** Opens a push subscription delivering items with position > after. */
  open(after: bigint, signals: SourceSignals): OpenedSource;
  /** Decodes one object read from the Readable; throwing stops the subscription (a poison event). */
  toItem(raw: unknown): SourceItem;
  headPosition(): Promise<bigint>;
  /** Position of the first event with position > after that the consumer should get, or null if none. */
  firstPendingAfter(after: bigint): Promise<bigint | null>;
}

export interface ResubscribeOptions {
  livenessIntervalMs: number;
  /** Reopenings in a row without receiving anything before the subscription gives up and rejects. */
  maxConsecutiveFailures: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  onWarning: (message: string, error?: unknown) => void;
}

export const DEFAULT_RESUBSCRIBE_OPTIONS: ResubscribeOptions = {
  livenessIntervalMs: 10_000,
  maxConsecutiveFailures: 100,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 30_000,
  onWarning: () => undefined,
};

const DEFAULT_BATCH_SIZE = 100;
/** How often an idle subscription re-asks for the head while it has not yet seen itself caught up. */
const LIVE_RECHECK_MS = 1_000;

type Outcome = { reason: 'stopped' } | { reason: 'stalled' | 'ended' | 'errored'; error?: unknown; heard: boolean };

/** The consumer's failure or an undecodable event: ends the subscription; resubscribing would not help. */
class FatalFailure {
  constructor(readonly error: unknown) {}
}

export class ResubscribingSubscription implements Subscription {
  readonly done: Promise<void>;

  private acknowledged: bigint;
  /** Every item at or below this position has been handled (delivered and acknowledged, or skipped). */
  private handled: bigint;
  /** Like `handled`, but also counting server checkpoints: for lag and liveness, never for resuming. */
  private settled: bigint;
  private checkpointSeen = 0n;
  private live = false;
  private caughtUpSignalled = false;
  private activityCount = 0;
  private handling = false;
  private stopped = false;
  private restartRequested = false;
  private poked = false;
  private wakeUp: (() => void) | undefined;
  private headCheckRunning = false;
  private readonly batchSize: number;
  private readonly watchdog: SubscriptionWatchdog;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly subscribe: SubscribeOptions,
    private readonly options: ResubscribeOptions = DEFAULT_RESUBSCRIBE_OPTIONS,
  ) {
    this.acknowledged = subscribe.after;
    this.handled = subscribe.after;
    this.settled = subscribe.after;
    this.batchSize = Math.max(1, Math.floor(subscribe.batchSize ?? DEFAULT_BATCH_SIZE));
    this.watchdog = new SubscriptionWatchdog(
      {
        activity: () => this.activityCount,
        busy: () => this.handling,
        firstPending: () => this.source.firstPendingAfter(this.handled),
      },
      { intervalMs: options.livenessIntervalMs, onStall: (reason) => this.requestRestart(reason) },
    );
    this.done = this.run();
    // `done` is there for whoever awaits it; an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  get position(): bigint {
    return this.acknowledged;
  }

  get isLive(): boolean {
    return this.live;
  }

  async lag(): Promise<bigint> {
    const basis = this.acknowledged > this.settled ? this.acknowledged : this.settled;
    const head = await this.source.headPosition();
    return head > basis ? head - basis : 0n;
  }

  /**
   * Stops after the batch in flight, if any. Called from inside `onEvents` it cannot wait for that batch
   * (it is the caller), so it only flags the stop there.
   */
  async stop(): Promise<void> {
    const fromInsideHandler = this.handling;
    this.stopped = true;
    this.poke();
    if (!fromInsideHandler) await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    this.watchdog.start();
    let failures = 0;
    try {
      while (!this.stopped) {
        const outcome = await this.runOnce();
        if (outcome.reason === 'stopped' || this.stopped) return;
        failures = outcome.heard ? 1 : failures + 1;
        if (failures > this.options.maxConsecutiveFailures) {
          throw outcome.error ?? new Error(`subscription to $all: source ${outcome.reason} ${failures} times in a row`);
        }
        this.options.onWarning(
          `subscription to $all: source ${outcome.reason}, resubscribing after position ${this.handled}`,
          outcome.error,
        );
        await this.pause(Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (failures - 1)));
      }
    } catch (error) {
      throw error instanceof FatalFailure ? error.error : error;
    } finally {
      this.watchdog.stop();
    }
  }

  private async runOnce(): Promise<Outcome> {
    this.restartRequested = false;
    this.caughtUpSignalled = false;
    const opened = this.source.open(this.handled, {
      caughtUp: () => {
        this.caughtUpSignalled = true;
        this.activityCount += 1;
        this.poke();
      },
      checkpoint: (position) => {
        if (position > this.checkpointSeen) this.checkpointSeen = position;
        this.activityCount += 1;
      },
    });
    try {
      return await this.pump(opened.readable);
    } finally {
      await opened.close().catch((error: unknown) => this.options.onWarning('closing a subscription failed', error));
    }
  }

  private async pump(readable: Readable): Promise<Outcome> {
    let ended = false;
    let failed: { error: unknown } | undefined;
    const activityAtOpen = this.activityCount;
    const onReadable = (): void => this.poke();
    const onEnd = (): void => {
      ended = true;
      this.poke();
    };
    const onError = (error: unknown): void => {
      failed = { error };
      this.poke();
    };
    readable.on('readable', onReadable);
    readable.on('end', onEnd);
    readable.on('close', onEnd);
    readable.on('error', onError);
    try {
      for (;;) {
        if (this.stopped) return { reason: 'stopped' };
        const heard = this.activityCount !== activityAtOpen;
        if (this.restartRequested) return { reason: 'stalled', heard };

        const batch: RecordedEvent[] = [];
        let scannedUpTo = this.handled;
        let readAny = false;
        while (batch.length < this.batchSize) {
          const raw: unknown = readable.read();
          if (raw === null) break;
          readAny = true;
          this.activityCount += 1;
          let item: SourceItem;
          try {
            item = this.source.toItem(raw);
          } catch (error) {
            throw new FatalFailure(error);
          }
          // At or below what was handled: a reopened source replaying what the old one delivered.
          if (item.position <= scannedUpTo) continue;
          scannedUpTo = item.position;
          if (item.event !== null) batch.push(item.event);
        }
        if (batch.length > 0) await this.deliver(batch);
        if (scannedUpTo > this.handled) this.handled = scannedUpTo;
        if (readAny) continue;

        this.onIdle();
        if (failed !== undefined) {
          return { reason: 'errored', error: failed.error, heard: this.activityCount !== activityAtOpen };
        }
        if (ended) return { reason: 'ended', heard: this.activityCount !== activityAtOpen };
        await this.sleep(this.live ? undefined : LIVE_RECHECK_MS);
      }
    } finally {
      // A source let go of may still fail (cancelling a gRPC call can surface as an error); unheard, an
      // 'error' event would crash the process.
      readable.on('error', () => undefined);
      readable.off('readable', onReadable);
      readable.off('end', onEnd);
      readable.off('close', onEnd);
      readable.off('error', onError);
    }
  }

  private async deliver(batch: RecordedEvent[]): Promise<void> {
    this.handling = true;
    try {
      await this.subscribe.onEvents(batch);
    } catch (error) {
      throw new FatalFailure(error);
    } finally {
      this.handling = false;
    }
    this.acknowledged = batch[batch.length - 1]!.position;
  }

  /** The buffer is drained and every item read so far is handled. */
  private onIdle(): void {
    const progress = this.handled > this.checkpointSeen ? this.handled : this.checkpointSeen;
    if (progress > this.settled) this.settled = progress;
    if (this.live) return;
    if (this.caughtUpSignalled) {
      this.live = true;
      return;
    }
    // Servers before 23.10 send no caught-up signal: compare with the head instead.
    if (this.headCheckRunning) return;
    this.headCheckRunning = true;
    const basis = this.settled;
    this.source
      .headPosition()
      .then((head) => {
        if (basis >= head) this.live = true;
      })
      .catch(() => undefined)
      .finally(() => {
        this.headCheckRunning = false;
      });
  }

  private requestRestart(reason: string): void {
    if (this.stopped) return;
    this.options.onWarning(`subscription to $all looks stalled (${reason})`);
    this.restartRequested = true;
    this.poke();
  }

  private poke(): void {
    this.poked = true;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Waits for a poke (data, end, error, stop, restart) or the timeout. */
  private async sleep(timeoutMs: number | undefined): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
      this.wakeUp = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
    this.poked = false;
  }

  /** A delay before reopening that a stop cuts short. */
  private async pause(ms: number): Promise<void> {
    if (this.stopped) return;
    this.poked = false;
    await this.sleep(ms);
  }
}
