import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createEventStore } from '../event-store/create-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { boundedSource } from './bounded-source';
import type { CatchUpReply, CatchUpRequest } from './catch-up-worker';
import { fingerprintOf } from './fingerprint';
import type { ProjectionDefinition } from './projection-definition';
import { ProjectionEngine } from './projection-engine';

/**
 * The worker side: call it from the entry script with the engine's definitions. Does nothing on the main
 * thread, so the entry may also be an ordinary module.
 */
export function serveCatchUpWorker(definitions: readonly ProjectionDefinition[]): void {
  if (isMainThread || !parentPort) return;
  const port = parentPort;
  const request = workerData as CatchUpRequest;
  runCatchUp(definitions, request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies CatchUpReply),
  );
}

async function runCatchUp(definitions: readonly ProjectionDefinition[], request: CatchUpRequest): Promise<CatchUpReply> {
  const definition = definitions.find((candidate) => candidate.name === request.projection);
  if (!definition) throw new Error(`no projection ${request.projection} in the worker's definitions`);
  if (fingerprintOf(definition) !== request.fingerprint) throw new Error(`the worker's ${request.projection} is not the engine's (other version or parameters)`);
  const store = await openSource(request.source);
  const errors: string[] = [];
  try {
    const { source } = request;
    const engine = new ProjectionEngine({
      store: source.toPosition === undefined ? store : boundedSource(store, BigInt(source.toPosition)),
      path: request.path,
      projections: [definition],
      ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
      ...(request.bulkBatchSize !== undefined ? { bulkBatchSize: request.bulkBatchSize } : {}),
      ...(request.bulkCommitEvents !== undefined ? { bulkCommitEvents: request.bulkCommitEvents } : {}),
      ...(request.durability !== undefined ? { durability: request.durability } : {}),
      onError: (error) => errors.push(error.message),
    });
    try {
      const position = await engine.catchUp();
      return { type: 'done', position: String(position), errors };
    } finally {
      await engine.close();
    }
  } finally {
    await store.close();
  }
}

function openSource(source: CatchUpRequest['source']): Promise<EventStore> {
  return source.store === 'sqlite'
    ? createEventStore({ store: 'sqlite', dbPath: source.dbPath })
    : createEventStore({ store: 'esdb', dbPath: '', eventStoreConnectionString: source.connectionString });
}
