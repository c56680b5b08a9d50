import { Logger } from '@nestjs/common';
import { allProjections } from '../../projections';
import type { ReadSideProgress } from '../api/read-side/read-side-progress';
import type { Config } from '../config/config.schema';
import type { EventStore } from '../event-store/event-store.port';
import { ProjectionEngine } from '../projection-engine';

const logger = new Logger('ProjectionEngine');

/**
 * The engine over every registered projection, on the read side's SQLite file. The engine opens the file by
 * path (its constructor takes no handle), so it holds a second connection to READ_DB's file: both are
 * synchronous and in one thread, so their write transactions never overlap.
 */
export function createProjectionEngine(config: Config, store: EventStore, progress: ReadSideProgress): ProjectionEngine {
  return new ProjectionEngine({
    store,
    path: config.readDbPath,
    projections: allProjections,
    onAdvance: (position) => progress.advance(position),
    onError: (error) => logger.error({ err: error, msg: error.message }),
  });
}
