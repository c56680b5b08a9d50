import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BatchTransaction } from './batch-transaction';
import { type CommitRequest, decodeBatch, encodeError, encodeOutcome } from './commit-messages';
import { EventStatements } from './event-statements';

/**
 * The commit worker's thread (started by commit-thread.ts): its own connection to the store's file, with
 * the same durability (WAL, synchronous=FULL), running the group commit's write transactions one
 * message at a time, in the order they were sent. While COMMIT waits for the disk here, the main
 * thread's event loop keeps validating, serialising and queueing the next batch.
 */
export interface CommitWorkerData {
  path: string;
  busyTimeoutMs: number;
  cachedStreamHeads: number;
}

const port = parentPort;
if (!port) throw new Error('commit-worker.ts runs as a worker thread');
const options = workerData as CommitWorkerData;
const db = new Database(options.path, { timeout: options.busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const transaction = new BatchTransaction(db, new EventStatements(db), options.cachedStreamHeads);

port.on('message', (request: CommitRequest | 'close') => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    const reply = encodeOutcome(request.id, transaction.run(decodeBatch(request.appends), request.now));
    port.postMessage(reply, [reply.results.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: encodeError(error) });
  }
});
