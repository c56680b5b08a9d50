import type { Worker } from 'node:worker_threads';
import type { BatchOutcome } from './batch-transaction';
import { type CommitReply, decodeError, decodeOutcome, encodeBatch } from './commit-messages';
import type { CommitWorkerData } from './commit-worker';
import { startCommitWorker } from './commit-worker-script';
import type { ValidAppend } from './validate-append';

interface SentBatch {
  batch: readonly ValidAppend[];
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The main thread's side of the commit worker: sends it batches, settles each batch's promise with the
 * worker's answer once that batch's COMMIT has returned. The thread starts on first use, and holds the
 * process open only while a batch is on its way (an idle store must not keep a script from exiting).
 * If the thread dies, every batch it had is failed (none was acknowledged; a retry with the same event
 * ids is answered as a replay if it did commit) and the next batch starts a new one.
 */
export class CommitThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly sent = new Map<number, SentBatch>();

  constructor(private readonly data: CommitWorkerData) {}

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.sent.size;
  }

  commit(batch: readonly ValidAppend[], now: string): Promise<BatchOutcome> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<BatchOutcome>((resolve, reject) => {
      if (this.sent.size === 0) worker.ref();
      this.sent.set(id, { batch, resolve, reject });
      worker.postMessage({ id, now, appends: encodeBatch(batch) });
    });
  }

  /** Ends the thread (closing its connection) once it has answered every batch sent. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  private start(): Worker {
    const worker = startCommitWorker(this.data);
    worker.unref();
    worker.on('message', (reply: CommitReply) => this.answered(reply));
    let failure: unknown;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const error = failure ?? new Error(`the commit worker exited (code ${code}) before answering`);
      for (const [id, sent] of this.sent) {
        this.sent.delete(id);
        sent.reject(error);
      }
    });
    return worker;
  }

  private answered(reply: CommitReply): void {
    const sent = this.sent.get(reply.id);
    if (!sent) return;
    this.sent.delete(reply.id);
    if (this.sent.size === 0) this.worker?.unref();
    if (reply.ok) sent.resolve(decodeOutcome(reply, sent.batch));
    else sent.reject(decodeError(reply.error));
  }
}
