import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** How a worker thread opens the event store for itself (a store object cannot cross threads). */
export type StoreLocation = { store: 'sqlite'; dbPath: string } | { store: 'esdb'; connectionString: string };

/** The store as a worker opens it; with `toPosition`, only the prefix of $all up to there (a bounded replay). */
export type WorkerSource = StoreLocation & { toPosition?: bigint };

/**
 * catchUp() in parallel: the projections kept in files of their own are built by worker threads, one per file,
 * while this thread builds the rest. `workerEntry` is a script that calls `serveCatchUpWorker` with the same
 * definitions as the engine's (a definition is code: it cannot be sent to a thread, only named).
 */
export interface ParallelCatchUp {
  workerEntry: string;
  source: WorkerSource;
}

/** What the engine sends a worker. */
export interface CatchUpRequest {
  path: string;
  projection: string;
  fingerprint: string;
  source: StoreLocation & { toPosition?: string };
  batchSize?: number;
  bulkBatchSize?: number;
  bulkCommitEvents?: number;
  durability?: 'normal' | 'full';
}

export type CatchUpReply = { type: 'done'; position: string; errors: string[] } | { type: 'error'; message: string };

export interface CatchUpOutcome {
  position: bigint;
  /** What the worker's engine reported through onError (a handler failure stops that projection there). */
  errors: string[];
}

/** The entry a caller built, when it exists (tests run from sources, where no compiled entry does). */
export function existingEntry(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

/** Builds one projection's own file in a worker thread; resolves when the worker's catchUp() has returned. */
export function catchUpInWorker(
  parallel: ParallelCatchUp,
  request: Omit<CatchUpRequest, 'source'>,
): Promise<CatchUpOutcome> {
  const { toPosition } = parallel.source;
  const location: StoreLocation =
    parallel.source.store === 'sqlite'
      ? { store: 'sqlite', dbPath: parallel.source.dbPath }
      : { store: 'esdb', connectionString: parallel.source.connectionString };
  const data: CatchUpRequest = { ...request, source: { ...location, ...(toPosition !== undefined ? { toPosition: String(toPosition) } : {}) } };
  return new Promise((resolve, reject) => {
    const worker = new Worker(parallel.workerEntry, { workerData: data });
    let reply: CatchUpReply | undefined;
    worker.once('message', (message: CatchUpReply) => (reply = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply?.type === 'done') resolve({ position: BigInt(reply.position), errors: reply.errors });
      else reject(new Error(`catch-up worker for ${request.projection} ${reply?.type === 'error' ? `failed: ${reply.message}` : `exited with code ${code}`}`));
    });
  });
}
