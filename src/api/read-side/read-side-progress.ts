import type { OnApplicationShutdown } from '@nestjs/common';
import { HttpProblem } from '../http/http-problem';

interface Waiter {
  position: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * How far the read side has got in `$all`: the position every read model has reached. The projection engine
 * calls `advance()` after each committed batch; a query carrying `?minPosition=` calls `waitFor()` so a client
 * can read its own write.
 */
export class ReadSideProgress implements OnApplicationShutdown {
  private current = 0n;
  private readonly waiters = new Set<Waiter>();

  /** @param defaultTimeoutMs LEDGER_QUERY_WAIT_MS */
  constructor(private readonly defaultTimeoutMs = 5_000) {}

  get checkpoint(): bigint {
    return this.current;
  }

  /** Never moves backwards: a stale report (e.g. from a rebuild restarting at 0) is ignored. */
  advance(position: bigint): void {
    if (position <= this.current) return;
    this.current = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) this.settle(waiter).resolve();
    }
  }

  /**
   * Resolves once checkpoint ≥ position (at once when position is undefined, i.e. the query gave no
   * minPosition); after `timeoutMs` rejects with 409 READ_MODEL_BEHIND.
   */
  waitFor(position: bigint | undefined, timeoutMs = this.defaultTimeoutMs): Promise<void> {
    if (position === undefined || position <= this.current) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(waiter).reject(this.behind(position)), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  onApplicationShutdown(): void {
    for (const waiter of this.waiters) this.settle(waiter).reject(this.behind(waiter.position));
  }

  private settle(waiter: Waiter): Waiter {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    return waiter;
  }

  private behind(position: bigint): HttpProblem {
    return new HttpProblem(
      409,
      'READ_MODEL_BEHIND',
      `the read models have not reached position ${position} yet; retry shortly`,
      { requested: position.toString(), checkpoint: this.current.toString() },
    );
  }
}
