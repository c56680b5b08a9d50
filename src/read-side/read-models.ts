import { Inject, Injectable } from '@nestjs/common';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import { CONFIG, EVENT_STORE } from '../api/core/tokens';
import type { Config } from '../config/config.schema';
import type { EventStore } from '../event-store/event-store.port';
import { ProjectionEngine, type ReadModelReader } from '../projection-engine';

/** What a query handler needs from the read side: readers that follow swaps, and the read-your-writes wait. */
@Injectable()
export class ReadModels {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly progress: ReadSideProgress,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Reads whichever generation serves at the time of each call, so a rebuild's swap needs no new reader. */
  reader(projection: string): ReadModelReader {
    return this.engine.reader(projection);
  }

  /** Waits until every read model includes `minPosition` (409 READ_MODEL_BEHIND after LEDGER_QUERY_WAIT_MS). */
  ready(minPosition: bigint | undefined): Promise<void> {
    return this.progress.waitFor(minPosition);
  }

  /**
   * For "as of T" answered by filtering on recordedAt: exact only if the read model holds every event recorded
   * by T. recordedAt never decreases along $all and T is not after the present, so those events all lie at or
   * before today's head: waiting for the head (a no-op for a live read side) makes the filter exact.
   */
  async readyAsOf(minPosition: bigint | undefined): Promise<void> {
    const head = await this.store.headPosition();
    await this.progress.waitFor(minPosition !== undefined && minPosition > head ? minPosition : head);
  }

  /** LEDGER_CONCENTRATION_MAX_SHARE as the fraction the concentration query takes (bps ÷ 10⁴ is exact in ppm). */
  get concentrationMaxShare(): number {
    return this.config.concentrationMaxShareBps / 10_000;
  }
}
