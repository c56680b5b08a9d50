import type { MemorySample } from './sampling-source';

/**
 * How the child rebuilds:
 * - `catch-up`: a stopped engine's catchUp() into a fresh read-model file (the CLI's replay, a first start);
 * - `service-job`: the engine started on read models already at the head, then one rebuild job for every
 *   projection, shadows swapped in when caught up (what POST /v1/projections/{name}/rebuild runs, beside the
 *   live service).
 */
export type RebuildMode = 'catch-up' | 'service-job';

/** What the parent asks the rebuild child to do (passed as JSON in argv). */
export interface RebuildRequest {
  storePath: string;
  /** catch-up: a fresh read-model file, every projection starts at position 0; service-job: one at the head. */
  readModelPath: string;
  mode: RebuildMode;
  /** Engine batch size; undefined = the engine's default (what the service runs with). */
  batchSize: number | undefined;
  sampleEvery: number;
}

export interface ProjectionOutcome {
  name: string;
  checkpoint: string;
  status: string;
  error?: string;
  documents: number;
}

/** What the child reports back over IPC. */
export interface RebuildReport {
  head: number;
  eventsRead: number;
  /** Every projection from 0 to the head: catchUp(), or the rebuild job until its swap. */
  seconds: number;
  eventsPerSecond: number;
  /** Share of the rebuild spent inside the store's readAll (scan + decode). */
  readSeconds: number;
  batches: number;
  /** Peak RSS of the child over its whole life (getrusage), in MB. */
  maxRssMb: number;
  samples: MemorySample[];
  /**
   * service-job: how long the engine's thread (the service's event loop) was kept from a turn while the job
   * ran, in ms (a timer every 10 ms measures it): what an HTTP request meanwhile waits on top of its own work.
   * `turns`: how many times the timer got to run (none: the loop never turned while the job ran).
   */
  eventLoopDelayMs?: { turns: number; p50: number; p99: number; max: number };
  projections: ProjectionOutcome[];
  readModelBytes: number;
}

export type ChildMessage = { ok: true; report: RebuildReport } | { ok: false; error: string };
