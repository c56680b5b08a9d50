import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReadPlan } from '../../../../src/projection-engine/projection-source';
import type { FloorFileReport, FloorRequest, FloorWorkerMessage } from './write-floor-protocol';

export interface FloorFile {
  /** A read-model file the rebuild wrote. */
  path: string;
  /** What its catch-up worker read of $all. */
  plan: ReadPlan;
}

export interface WriteFloorReport {
  events: number;
  rows: number;
  /** From the moment every worker holds its rows to the moment the last one has indexed its keys. */
  seconds: number;
  files: FloorFileReport[];
}

/**
 * The physical floor of a rebuild on this machine: raw better-sqlite3 doing only what cannot be left out,
 * reading and parsing $all and writing the very rows the rebuild wrote (its documents, already serialised,
 * read back from its files before the clock starts), one worker thread per read-model file as catchUp()
 * builds them, with the same pragmas, reads of 2,000 events, commits of 100,000 and the write-only
 * collections' key indexes created at the end. No handler runs, no document is read back, serialised or
 * written twice: what the engine and the projections add is the difference.
 */
export async function measureWriteFloor(storePath: string, files: readonly FloorFile[], outDir: string): Promise<WriteFloorReport> {
  const outs = files.map((_, index) => join(outDir, `write-floor-${index}.db`));
  const workers = files.map(
    (file, index) =>
      new Worker(join(__dirname, 'write-floor-worker.js'), {
        workerData: { storePath, source: file.path, out: outs[index]!, plan: file.plan, readEvents: 2_000, commitEvents: 100_000 } satisfies FloorRequest,
        // The rows are held in memory: well above a catch-up worker's heap.
        resourceLimits: { maxOldGenerationSizeMb: 8192 },
      }),
  );
  try {
    await Promise.all(workers.map((worker) => next(worker, 'ready')));
    const started = process.hrtime.bigint();
    const done = workers.map((worker) => next(worker, 'done'));
    for (const worker of workers) worker.postMessage('go');
    const reports = (await Promise.all(done)).flatMap((message) => (message.type === 'done' ? [message.report] : []));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      events: Math.max(...reports.map((report) => report.events)),
      rows: reports.reduce((sum, report) => sum + report.rows, 0),
      seconds,
      files: reports,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const out of outs) for (const suffix of ['', '-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true });
  }
}

function next(worker: Worker, type: FloorWorkerMessage['type']): Promise<FloorWorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FloorWorkerMessage): void => {
      if (message.type !== type) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(message);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`write-floor worker exited with code ${code} before '${type}'`)));
  });
}
