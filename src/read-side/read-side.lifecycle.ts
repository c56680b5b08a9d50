import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import { ProjectionEngine } from '../projection-engine';

/**
 * Starts the engine once the app is up (it catches up from the checkpoints, then follows $all live) and stops
 * it before the event store and READ_DB close (they close in onApplicationShutdown, which comes after).
 */
@Injectable()
export class ReadSideLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly progress: ReadSideProgress,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.start();
    // onAdvance fires per delivered batch only: a restart with nothing new to read would leave the progress at 0
    // and every ?minPosition= waiting, so report the checkpoints the read models already hold.
    const serving = (await this.engine.status()).filter((s) => s.status === 'live' || s.status === 'catching-up');
    if (serving.length === 0) return;
    this.progress.advance(serving.reduce((min, s) => (s.checkpoint < min ? s.checkpoint : min), serving[0]!.checkpoint));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
