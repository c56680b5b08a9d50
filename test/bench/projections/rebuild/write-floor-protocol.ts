import type { ReadPlan } from '../../../../src/projection-engine/projection-source';

/** What write-floor.ts sends each of its workers (write-floor-worker.ts). */
export interface FloorRequest {
  /** The event store file: $all is read from it. */
  storePath: string;
  /** A rebuilt read-model file: the rows to write. */
  source: string;
  /** A fresh file to write them into. */
  out: string;
  /** What the file's catch-up worker reads of $all (its projections' types; payloads unless none reads them). */
  plan: ReadPlan;
  /** Events per read of $all and per transaction, as the engine's catchUp() reads and commits them. */
  readEvents: number;
  commitEvents: number;
}

export interface FloorFileReport {
  source: string;
  /** Whether the payloads were read (ReadPlan.withData). */
  readsData: boolean;
  events: number;
  rows: number;
  tables: number;
  seconds: number;
}

export type FloorWorkerMessage = { type: 'ready' } | { type: 'done'; report: FloorFileReport };
