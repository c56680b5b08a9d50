/**
 * Liveness check for a catch-up subscription. A known failure of gRPC subscriptions is to stay open and
 * silently stop delivering; nothing errors, the consumer just falls behind forever. The watchdog notices
 * that an event the subscription should have delivered stayed undelivered across two consecutive checks
 * while nothing at all arrived and the consumer was idle, and asks for a resubscription.
 *
 * Two checks, not one: an event appended just before a check has not had time to arrive yet.
 */

export interface WatchedSubscription {
  /** Grows whenever the source shows life (an event, a checkpoint, a caught-up signal). */
  activity(): number;
  /** True while the consumer is handling a batch: a slow consumer is not a stalled source. */
  busy(): boolean;
  /** Position of the first event the subscription should deliver next, or null when there is none. */
  firstPending(): Promise<bigint | null>;
}

export interface WatchdogOptions {
  intervalMs: number;
  onStall: (reason: string) => void;
}

export type LivenessVerdict = 'active' | 'idle' | 'suspect' | 'stalled';

export class SubscriptionWatchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private checking = false;
  private lastActivity: number;
  private suspectPending: bigint | undefined;

  constructor(
    private readonly target: WatchedSubscription,
    private readonly options: WatchdogOptions,
  ) {
    this.lastActivity = target.activity();
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      void this.check().finally(() => {
        this.checking = false;
      });
    }, this.options.intervalMs);
    // A watchdog must never be what keeps the process alive.
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; the timer runs it every interval. */
  async check(): Promise<LivenessVerdict> {
    const activity = this.target.activity();
    if (this.target.busy() || activity !== this.lastActivity) {
      return this.clear(activity, 'active');
    }
    let pending: bigint | null;
    try {
      pending = await this.target.firstPending();
    } catch {
      // The store being unreachable is the source's own error to report; no verdict from this check.
      return 'idle';
    }
    if (this.target.activity() !== activity) return this.clear(this.target.activity(), 'active');
    if (pending === null) return this.clear(activity, 'idle');
    if (this.suspectPending !== pending) {
      this.suspectPending = pending;
      return 'suspect';
    }
    this.suspectPending = undefined;
    this.options.onStall(`event at position ${pending} stayed undelivered for two liveness checks`);
    return 'stalled';
  }

  private clear(activity: number, verdict: LivenessVerdict): LivenessVerdict {
    this.lastActivity = activity;
    this.suspectPending = undefined;
    return verdict;
  }
}
