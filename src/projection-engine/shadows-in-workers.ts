import type { BatchTarget } from './apply-batch';
import { catchUpInWorker, type CatchUpRequest, type ParallelCatchUp } from './catch-up-worker';
import type { ProjectionDefinition } from './projection-definition';
import type { GenerationRow, ReadModelDatabase } from './read-model-database';

/** What the bulk of a rebuild in worker threads needs from the engine that runs the job. */
export interface ShadowWorkers {
  parallel: ParallelCatchUp;
  database: ReadModelDatabase;
  /** The engine's batch sizes and durability, as each worker's engine is to use them. */
  request: Pick<CatchUpRequest, 'batchSize' | 'bulkBatchSize' | 'bulkCommitEvents' | 'durability'>;
  /** Nothing else writes the files until the job ends (catchUp()): the workers may stream their commits. */
  exclusive: boolean;
  fingerprintOf(projection: string): string;
  /** A projection's generation as a target of this engine's, from its row as the workers left it. */
  reopen(definition: ProjectionDefinition, row: GenerationRow): BatchTarget;
  reportError(error: Error): void;
}

/**
 * The bulk of a rebuild, in worker threads: one per read-model file, each advancing that file's shadows up to
 * `head`, while the engine's thread goes on (serving, following $all). Then the shadows' tables
 * are re-opened there at the checkpoints the workers committed, for the job to read the rest and swap. A worker
 * that fails costs only time: its shadows carry on in the engine's thread from whatever it committed. One whose
 * shadow was dropped (a handler threw there) fails the job with that error.
 */
export async function buildShadowsInWorkers(
  engine: ShadowWorkers,
  shadows: ReadonlyMap<string, BatchTarget>,
  head: bigint,
  onProgress: (position: bigint) => void,
  signal: AbortSignal,
): Promise<Map<string, BatchTarget>> {
  const byFile = new Map<string, BatchTarget[]>();
  for (const target of shadows.values()) {
    const file = engine.database.fileOf(target.definition.name);
    byFile.set(file, [...(byFile.get(file) ?? []), target]);
  }
  const files = [...byFile];
  const progress = workersProgress(files.length, (position, events) => {
    onProgress(position);
    engine.parallel.onProgress?.(position, events);
  });
  const outcomes = await Promise.allSettled(
    files.map(([file, targets], index) =>
      catchUpInWorker(
        engine.parallel,
        {
          path: file,
          projections: targets.map((target) => ({ name: target.definition.name, fingerprint: engine.fingerprintOf(target.definition.name) })),
          shadows: { exclusive: engine.exclusive },
          ...engine.request,
        },
        (position, events) => progress(index, position, events),
        { toPosition: head, signal },
      ),
    ),
  );
  const problems: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') problems.push(...outcome.value.errors);
    else problems.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
  }
  const reopened = new Map<string, BatchTarget>();
  for (const [name, target] of shadows) {
    engine.database.forgetGeneration(name, target.generation);
    const row = engine.database.generations(name).find((candidate) => candidate.generation === target.generation);
    if (!row) throw new Error(`rebuild of ${name} failed in its worker thread: ${problems.join('; ') || 'its shadow generation is gone'}`);
    reopened.set(name, engine.reopen(target.definition, row));
  }
  for (const message of problems) engine.reportError(new Error(message));
  return reopened;
}

/**
 * Combines the progress of several workers: `report` hears the position every worker has reached and the events
 * the busiest one has read, each time one of them reports.
 */
export function workersProgress(workers: number, report: (position: bigint, events: number) => void) {
  const reached = new Array<bigint>(workers).fill(0n);
  const read = new Array<number>(workers).fill(0);
  return (worker: number, position: bigint, events: number): void => {
    reached[worker] = position;
    read[worker] = events;
    report(reached.reduce((low, at) => (at < low ? at : low)), Math.max(...read));
  };
}
