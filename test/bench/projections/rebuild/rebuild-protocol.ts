import type { MemorySample } from './sampling-source';

/** What the parent asks the rebuild child to do (passed as JSON in argv). */
export interface RebuildRequest {
  storePath: string;
  /** A fresh read-model file: every projection starts at position 0. */
  readModelPath: string;
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
  /** engine.catchUp(): every projection from 0 to the head. */
  seconds: number;
  eventsPerSecond: number;
  /** Share of the rebuild spent inside the store's readAll (scan + decode). */
  readSeconds: number;
  batches: number;
  /** Peak RSS of the child over its whole life (getrusage), in MB. */
  maxRssMb: number;
  samples: MemorySample[];
  projections: ProjectionOutcome[];
  readModelBytes: number;
}

export type ChildMessage = { ok: true; report: RebuildReport } | { ok: false; error: string };
