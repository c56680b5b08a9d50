import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** How a worker thread opens the event store for itself (a store object cannot cross threads). */
export type StoreLocation = { store: 'sqlite'; dbPath: string } | { store: 'esdb'; connectionString: string };

/** The store as a worker opens it; with `toPosition`, only the prefix of $all up to there (a bounded replay). */
export type WorkerSource = StoreLocation & { toPosition?: bigint };

/** Default old-generation limit of a catch-up worker's heap (see ParallelCatchUp.workerHeapMb). */
export const DEFAULT_WORKER_HEAP_MB = 192;

/**
 * catchUp() and rebuilds in parallel: each read-model file (the main one and every projection's own) is built by
 * a worker thread of its own while this thread waits (catchUp()) or goes on serving (a rebuild). `workerEntry` is
 * a script that calls `serveCatchUpWorker` with the same definitions as the engine's (a definition is code: it
 * cannot be sent to a thread, only named).
 */
export interface ParallelCatchUp {
  workerEntry: string;
  source: WorkerSource;
  /**
   * Old-generation limit of each worker's heap, MB. A bulk catch-up makes garbage faster than V8 collects it
   * unless told to stay small: without a limit the heap grows to a few hundred MB per thread. A worker that
   * runs out of it costs only time (its projections carry on in this thread). Default DEFAULT_WORKER_HEAP_MB.
   */
  workerHeapMb?: number;
  /**
   * Called on this thread as the workers read: the position every worker has reached, and the events the
   * busiest worker has read (all of them, when one of its projections reads every type).
   */
  onProgress?: (position: bigint, events: number) => void;
}

export interface WorkerProjection {
  name: string;
  fingerprint: string;
}

/**
 * What the engine sends a worker: one read-model file and the projections of it to build. With `shadows`, the
 * worker only advances those projections' shadow generations (their rebuild), from their checkpoints up to the
 * source's end, and swaps nothing in: the engine that sent it reads the rest and swaps.
 */
export interface CatchUpRequest {
  path: string;
  projections: WorkerProjection[];
  /**
   * Build the shadows (which the engine created) instead of catching up. `exclusive`: nothing else writes the
   * file meanwhile (a catchUp()), so the worker may keep its transaction open between commits; otherwise (a
   * rebuild beside the live service) it writes only when it commits, as the live engine does.
   */
  shadows?: { exclusive: boolean };
  source: StoreLocation & { toPosition?: string };
  batchSize?: number;
  bulkBatchSize?: number;
  bulkCommitEvents?: number;
  durability?: 'normal' | 'full';
}

/** What the engine may send a running worker: stop after the current read (a cancelled rebuild). */
export type CatchUpCommand = { type: 'cancel' };

export type CatchUpReply =
  | { type: 'progress'; position: string; events: number }
  | { type: 'indexing'; projection: string; collections: string[] }
  | { type: 'done'; position: string; errors: string[] }
  | { type: 'error'; message: string };

export interface CatchUpOutcome {
  position: bigint;
  /** What the worker's engine reported through onError (a handler failure stops that projection there). */
  errors: string[];
}

/** The entry a caller built, when it exists (tests run from sources, where no compiled entry does). */
export function existingEntry(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

/**
 * Builds one read-model file in a worker thread; resolves when the worker's catchUp() (or, for a request with
 * `shadows`, its buildShadows()) has returned.
 * `onProgress` hears the worker's position after each of its reads, `onIndexing` when it creates the key
 * indexes its build left for the end (ProjectionEngineOptions.onIndexing). Aborting `signal` asks the worker
 * to stop after its current read (it commits what it has, closes its connections, and the promise resolves).
 */
export function catchUpInWorker(
  parallel: ParallelCatchUp,
  request: Omit<CatchUpRequest, 'source'>,
  onProgress: (position: bigint, events: number) => void,
  options: { toPosition?: bigint; signal?: AbortSignal; onIndexing?: (projection: string, collections: readonly string[]) => void } = {},
): Promise<CatchUpOutcome> {
  const toPosition = options.toPosition ?? parallel.source.toPosition;
  const location: StoreLocation =
    parallel.source.store === 'sqlite'
      ? { store: 'sqlite', dbPath: parallel.source.dbPath }
      : { store: 'esdb', connectionString: parallel.source.connectionString };
  const data: CatchUpRequest = { ...request, source: { ...location, ...(toPosition !== undefined ? { toPosition: String(toPosition) } : {}) } };
  const names = request.projections.map((projection) => projection.name).join(', ');
  return new Promise((resolve, reject) => {
    const worker = new Worker(parallel.workerEntry, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: parallel.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB },
    });
    let reply: CatchUpReply | undefined;
    let failure: Error | undefined;
    const cancel = (): void => worker.postMessage({ type: 'cancel' } satisfies CatchUpCommand);
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: CatchUpReply) => {
      if (message.type === 'progress') onProgress(BigInt(message.position), message.events);
      else if (message.type === 'indexing') options.onIndexing?.(message.projection, message.collections);
      else reply = message;
    });
    worker.once('error', (error) => (failure = error));
    worker.once('exit', (code) => {
      options.signal?.removeEventListener('abort', cancel);
      if (reply?.type === 'done') resolve({ position: BigInt(reply.position), errors: reply.errors });
      else {
        const why = reply?.type === 'error' ? `failed: ${reply.message}` : failure ? `failed: ${failure.message}` : `exited with code ${code}`;
        reject(new Error(`catch-up worker for ${names} ${why}`));
      }
    });
  });
}
