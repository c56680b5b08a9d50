import { Logger } from '@nestjs/common';
import { allProjections } from '../../projections';
import type { ReadSideProgress } from '../api/read-side/read-side-progress';
import type { Config } from '../config/config.schema';
import type { EventStore } from '../event-store/event-store.port';
import { ProjectionEngine } from '../projection-engine';
import type { WorkerSource } from '../projection-engine/catch-up-worker';
import { OWN_FILE_PROJECTIONS, parallelCatchUp } from './read-model-layout';

const logger = new Logger('ProjectionEngine');

/**
 * The engine over every registered projection, on the read side's SQLite file (and the audit trail's own file
 * beside it: read-model-layout.ts). The engine opens the file by path (its constructor takes no handle), so it
 * holds a second connection to READ_DB's file: both are synchronous and in one thread, so their write
 * transactions never overlap. A rebuild (a changed version on start, or POST /v1/projections/{name}/rebuild)
 * builds its shadows in worker threads, one per read-model file, while this thread serves; the worker of a
 * file writes it only when it commits, as the live engine does, so each waits for the other's commit at most.
 */
export function createProjectionEngine(config: Config, store: EventStore, progress: ReadSideProgress): ProjectionEngine {
  const parallel = parallelCatchUp(workerSourceOf(config));
  return new ProjectionEngine({
    store,
    path: config.readDbPath,
    projections: allProjections,
    ownFiles: OWN_FILE_PROJECTIONS,
    ...(parallel ? { parallel } : {}),
    onAdvance: (position) => progress.advance(position),
    onError: (error) => logger.error({ err: error, msg: error.message }),
  });
}

/** How a worker thread opens the service's event store for itself. */
function workerSourceOf(config: Config): WorkerSource {
  return config.store === 'esdb'
    ? { store: 'esdb', connectionString: config.eventStoreConnectionString ?? '' }
    : { store: 'sqlite', dbPath: config.dbPath };
}
