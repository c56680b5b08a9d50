import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PendingBatch, projectEvents, type BatchTarget } from './apply-batch';
import type { StoredDocument } from './document-table';
import { fingerprintOf } from './fingerprint';
import type { ProjectionDefinition, ReadModelReader } from './projection-definition';
import { InvalidProjectionError, UnknownProjectionError } from './projection-engine.errors';
import type { ProjectionHandlerError } from './projection-engine.errors';
import { readPlanOf, readStep, type ProjectionSource } from './projection-source';
import { ReadModelDatabase } from './read-model-database';

export interface ReplayOptions {
  /** Include events with position ≤ this. */
  toPosition?: bigint;
  /** "As of T": include events with recordedAt ≤ T (recordedAt never decreases along $all, so this is a prefix). */
  asOf?: string;
  /** Events per read of $all. Default 2000. */
  batchSize?: number;
  /** Events per transaction (reads are committed together up to this many). Default 100000. */
  commitEvents?: number;
  /** `memory` (default) or a temporary file, for replays too large for memory; removed by `close()`. */
  storage?: 'memory' | 'temp-file';
}

export interface ReplayResult {
  /** Position of the last event replayed (0n when none). */
  readonly position: bigint;
  /** recordedAt of that event. */
  readonly recordedAt: string | undefined;
  readonly events: number;
  reader(projection: string): ReadModelReader;
  documents(projection: string): StoredDocument[];
  close(): void;
}

const DEFAULT_BATCH_SIZE = 2_000;
const DEFAULT_COMMIT_EVENTS = 100_000;
const COMMIT_BYTES = 24 * 1024 * 1024;

/**
 * Builds the given projections from position 0 up to a point into a temporary read model, for a report or an
 * as-of query. Nothing of the live read models is touched. A failing handler fails the whole replay: a report
 * built on a partial read model would silently lie.
 */
export async function replayToPoint(
  source: Pick<ProjectionSource, 'readAll' | 'headPosition'>,
  definitions: readonly ProjectionDefinition[],
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const commitPolicy = { events: options.commitEvents ?? DEFAULT_COMMIT_EVENTS, bytes: COMMIT_BYTES };
  const asOfMs = options.asOf === undefined ? undefined : Date.parse(options.asOf);
  if (asOfMs !== undefined && Number.isNaN(asOfMs)) throw new InvalidProjectionError(`asOf is not an instant: ${options.asOf}`);
  const tempDir = options.storage === 'temp-file' ? mkdtempSync(join(tmpdir(), 'ledger-replay-')) : undefined;
  const database = ReadModelDatabase.open(tempDir ? join(tempDir, 'replay.db') : ':memory:');
  const cleanup = (): void => {
    database.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    const targets = new Map<string, BatchTarget>();
    for (const definition of definitions) {
      // A database of its own, written by this replay alone.
      const row = database.createGeneration(definition, 'active', fingerprintOf(definition), { deferKeyIndexes: true });
      targets.set(definition.name, {
        definition,
        typeSet: new Set(definition.eventTypes),
        generation: row.generation,
        table: database.table(definition, row.generation),
        checkpoint: 0n,
      });
    }
    const plan = readPlanOf(definitions);
    let after = 0n;
    let lastRecordedAt: string | undefined;
    let lastPosition = 0n;
    let count = 0;
    // The replay's database is its own: nothing else writes it, so the batch may stream.
    const batch = new PendingBatch(database, [...targets.values()], { stream: true });
    database.enterBulk();
    for (;;) {
      const step = await readStep(source, after, batchSize, plan);
      let events = step.events;
      let passedBound = false;
      const cut = events.findIndex(
        (event) =>
          (options.toPosition !== undefined && event.position > options.toPosition) ||
          (asOfMs !== undefined && Date.parse(event.recordedAt) > asOfMs),
      );
      if (cut >= 0) {
        events = events.slice(0, cut);
        passedBound = true;
      }
      if (events.length > 0) {
        const last = events[events.length - 1]!;
        lastPosition = last.position;
        lastRecordedAt = last.recordedAt;
        count += events.length;
        const failure: ProjectionHandlerError | undefined = batch.handle(projectEvents(events), lastPosition).failures.values().next().value;
        if (failure) throw failure;
      }
      const last = passedBound || step.caughtUp || step.events.length === 0;
      if (last || batch.isDue(commitPolicy)) batch.commit();
      if (last) break;
      after = step.events[step.events.length - 1]!.position;
    }
    for (const target of targets.values()) target.table.indexKeys();
    const targetOf = (projection: string): BatchTarget => {
      const target = targets.get(projection);
      if (!target) throw new UnknownProjectionError(projection);
      return target;
    };
    return {
      position: lastPosition,
      recordedAt: lastRecordedAt,
      events: count,
      reader: (projection) => targetOf(projection).table.reader(),
      documents: (projection) => [...targetOf(projection).table.documents()],
      close: cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}
