import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from '../../../../src/event-store/event-store.port';
import type { ProjectionSource } from '../../../../src/projection-engine';

export interface MemorySample {
  /** Events read from $all so far. */
  events: number;
  rssMb: number;
  heapUsedMb: number;
  seconds: number;
}

export interface ReadFigures {
  events: number;
  batches: number;
  /** Time spent inside readAll (SQLite scan, row decode, JSON.parse of data and metadata). */
  readSeconds: number;
  samples: MemorySample[];
}

/**
 * The store as the engine sees it, counting what is read and sampling the process's memory each time another
 * `sampleEvery` events have gone through. The engine's rebuild loop never yields to the timer queue (its
 * awaits settle at once), so sampling from inside the reads is the only way to see memory along the way.
 */
export class SamplingSource implements ProjectionSource {
  private readonly figures: ReadFigures = { events: 0, batches: 0, readSeconds: 0, samples: [] };
  private nextSample: number;
  private readonly started = process.hrtime.bigint();

  constructor(
    private readonly store: ProjectionSource,
    private readonly sampleEvery: number,
  ) {
    this.nextSample = sampleEvery;
    this.sample();
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const t0 = process.hrtime.bigint();
    const events = await this.store.readAll(options);
    this.figures.readSeconds += Number(process.hrtime.bigint() - t0) / 1e9;
    this.figures.batches += 1;
    this.observe(this.figures.events + events.length);
    return events;
  }

  /**
   * Events covered so far, when they are read elsewhere (catch-up workers report the $all position they
   * have all reached): samples as reads through this source do.
   */
  observe(events: number): void {
    this.figures.events = events;
    while (this.figures.events >= this.nextSample) {
      this.sample();
      this.nextSample += this.sampleEvery;
    }
  }

  headPosition(): Promise<bigint> {
    return this.store.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.store.subscribeToAll(options);
  }

  /** Adds a last sample (after the final batch was applied) and returns everything measured. */
  finish(): ReadFigures {
    this.sample();
    return this.figures;
  }

  private sample(): void {
    const memory = process.memoryUsage();
    this.figures.samples.push({
      events: this.figures.events,
      rssMb: mb(memory.rss),
      heapUsedMb: mb(memory.heapUsed),
      seconds: Number(process.hrtime.bigint() - this.started) / 1e9,
    });
  }
}

function mb(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}
