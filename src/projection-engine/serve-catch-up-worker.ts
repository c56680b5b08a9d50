import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createEventStore } from '../event-store/create-event-store';
import type { EventStore, ReadAllOptions } from '../event-store/event-store.port';
import { boundedSource } from './bounded-source';
import type { CatchUpCommand, CatchUpReply, CatchUpRequest } from './catch-up-worker';
import { fingerprintOf } from './fingerprint';
import type { ProjectionDefinition } from './projection-definition';
import { ProjectionEngine } from './projection-engine';
import type { ProjectionSource } from './projection-source';

/**
 * The worker side of a parallel catchUp() or rebuild: call it from the entry script with the engine's
 * definitions. Does nothing on the main thread, so the entry may also be an ordinary module.
 */
export function serveCatchUpWorker(definitions: readonly ProjectionDefinition[]): void {
  if (isMainThread || !parentPort) return;
  const port = parentPort;
  const request = workerData as CatchUpRequest;
  runCatchUp(definitions, request, port).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies CatchUpReply),
  );
}

async function runCatchUp(definitions: readonly ProjectionDefinition[], request: CatchUpRequest, port: MessagePort): Promise<CatchUpReply> {
  const chosen = request.projections.map(({ name, fingerprint }) => {
    const definition = definitions.find((candidate) => candidate.name === name);
    if (!definition) throw new Error(`no projection ${name} in the worker's definitions`);
    if (fingerprintOf(definition) !== fingerprint) throw new Error(`the worker's ${name} is not the engine's (other version or parameters)`);
    return definition;
  });
  const store = await openSource(request.source);
  const errors: string[] = [];
  try {
    const { toPosition } = request.source;
    const source = reporting(toPosition === undefined ? store : boundedSource(store, BigInt(toPosition)), port);
    const engine = new ProjectionEngine({
      store: source,
      path: request.path,
      projections: chosen,
      ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
      ...(request.bulkBatchSize !== undefined ? { bulkBatchSize: request.bulkBatchSize } : {}),
      ...(request.bulkCommitEvents !== undefined ? { bulkCommitEvents: request.bulkCommitEvents } : {}),
      ...(request.durability !== undefined ? { durability: request.durability } : {}),
      onError: (error) => errors.push(error.message),
      onIndexing: (projection, collections) => port.postMessage({ type: 'indexing', projection, collections: [...collections] } satisfies CatchUpReply),
    });
    const onCommand = (command: CatchUpCommand): void => {
      if (command.type === 'cancel') void engine.stop();
    };
    port.on('message', onCommand);
    try {
      const position = request.shadows ? await engine.buildShadows(request.shadows) : await engine.catchUp();
      return { type: 'done', position: String(position), errors };
    } finally {
      port.off('message', onCommand);
      await engine.close();
    }
  } finally {
    await store.close();
  }
}

/** The source, telling the engine's thread how far each read got (its progress bar, its memory samples). */
function reporting(source: ProjectionSource, port: MessagePort): ProjectionSource {
  let events = 0;
  return {
    headPosition: () => source.headPosition(),
    async readAll(options?: ReadAllOptions) {
      const read = await source.readAll(options);
      events += read.length;
      if (read.length > 0) port.postMessage({ type: 'progress', position: String(read[read.length - 1]!.position), events } satisfies CatchUpReply);
      return read;
    },
    subscribeToAll: (options) => source.subscribeToAll(options),
  };
}

function openSource(source: CatchUpRequest['source']): Promise<EventStore> {
  return source.store === 'sqlite'
    ? createEventStore({ store: 'sqlite', dbPath: source.dbPath })
    : createEventStore({ store: 'esdb', dbPath: '', eventStoreConnectionString: source.connectionString });
}
