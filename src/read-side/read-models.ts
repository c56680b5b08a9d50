import { Inject, Injectable } from '@nestjs/common';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import { CONFIG, EVENT_STORE } from '../api/core/tokens';
import type { Config } from '../config/config.schema';
import type { EventStore } from '../event-store/event-store.port';
import { HttpProblem } from '../api/http/http-problem';
import { ProjectionEngine, type ProjectionAvailability, type ReadModelReader } from '../projection-engine';

/** What a query handler needs from the read side: readers that follow swaps, and the read-your-writes wait. */
@Injectable()
export class ReadModels {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly progress: ReadSideProgress,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Reads whichever generation serves at the time of each call, so a rebuild's swap needs no new reader.
   * A read model that is not current (built by another version, or stopped by a failure) is refused with
   * 503 rather than answered from: its figures would be silently wrong or behind.
   */
  reader(projection: string): ReadModelReader {
    const availability = this.engine.availability(projection);
    if (!availability.available) throw unavailable(projection, availability);
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

function unavailable(projection: string, availability: Exclude<ProjectionAvailability, { available: true }>): HttpProblem {
  if (availability.reason === 'failed') {
    return new HttpProblem(503, 'READ_MODEL_FAILED', `the ${projection} read model stopped on a failure; an admin can rebuild it (POST /v1/projections/${projection}/rebuild)`, {
      projection,
      ...(availability.error ? { error: availability.error } : {}),
    });
  }
  return new HttpProblem(503, 'READ_MODEL_REBUILDING', `the ${projection} read model is being rebuilt (a new version, or built for the first time from the store); retry shortly`, {
    projection,
    ...(availability.rebuildJobId ? { jobId: availability.rebuildJobId } : {}),
  });
}
