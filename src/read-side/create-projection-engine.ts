import { Logger } from '@nestjs/common';
import { allProjections } from '../../projections';
import type { ReadSideProgress } from '../api/read-side/read-side-progress';
import type { Config } from '../config/config.schema';
import type { EventStore } from '../event-store/event-store.port';
import { ProjectionEngine } from '../projection-engine';
import { OWN_FILE_PROJECTIONS } from './read-model-layout';

const logger = new Logger('ProjectionEngine');

/**
 * The engine over every registered projection, on the read side's SQLite file (and the audit trail's own file
 * beside it: read-model-layout.ts). The engine opens the file by path (its constructor takes no handle), so it
 * holds a second connection to READ_DB's file: both are synchronous and in one thread, so their write
 * transactions never overlap.
 */
export function createProjectionEngine(config: Config, store: EventStore, progress: ReadSideProgress): ProjectionEngine {
  return new ProjectionEngine({
    store,
    path: config.readDbPath,
    projections: allProjections,
    ownFiles: OWN_FILE_PROJECTIONS,
    onAdvance: (position) => progress.advance(position),
    onError: (error) => logger.error({ err: error, msg: error.message }),
  });
}
