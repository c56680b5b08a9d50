import { Global, Module } from '@nestjs/common';
import { CONFIG, EVENT_STORE } from '../api/core/tokens';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import { ProjectionEngine } from '../projection-engine';
import { createProjectionEngine } from './create-projection-engine';
import { ProjectionMetrics } from './projection-metrics';
import { ReadModels } from './read-models';
import { ReadSideLifecycle } from './read-side.lifecycle';

/**
 * The read side: the projection engine over every registered projection (READ_DB's file), started at bootstrap
 * and stopped before the store closes, feeding ReadSideProgress and /metrics. Global: query modules inject
 * ReadModels (and the operations endpoints the engine itself).
 */
@Global()
@Module({
  providers: [
    { provide: ProjectionEngine, useFactory: createProjectionEngine, inject: [CONFIG, EVENT_STORE, ReadSideProgress] },
    ReadModels,
    ReadSideLifecycle,
    ProjectionMetrics,
  ],
  exports: [ProjectionEngine, ReadModels],
})
export class ReadSideModule {}
