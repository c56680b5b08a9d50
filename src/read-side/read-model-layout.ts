import { join } from 'node:path';
import { projections } from '../../projections';
import { existingEntry, type ParallelCatchUp, type WorkerSource } from '../projection-engine/catch-up-worker';

/**
 * Projections kept in a read-model file of their own. The audit trail is about half of what a rebuild of the
 * read side writes (a record and two index entries per event): in its own file a catch-up (the CLI's replay,
 * the benchmark) builds it in a second thread while this one builds the rest.
 */
export const OWN_FILE_PROJECTIONS: readonly string[] = [projections.auditTrail.name];

/**
 * A parallel catch-up reading `source`, when the compiled worker entry exists (it does wherever the service
 * runs from its build; tests running from sources get none and build everything in one thread).
 */
export function parallelCatchUp(source: WorkerSource): ParallelCatchUp | undefined {
  const workerEntry = existingEntry(join(__dirname, 'catch-up-worker-entry.js'));
  return workerEntry === undefined ? undefined : { workerEntry, source };
}
