import { existsSync, statSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { allProjections } from '../../../../projections';
import { SqliteEventStore } from '../../../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../../../../src/projection-engine';
import { readModelFiles } from '../../../../src/projection-engine/read-model-files';
import { OWN_FILE_PROJECTIONS, parallelCatchUp } from '../../../../src/read-side/read-model-layout';
import type { ChildMessage, ProjectionOutcome, RebuildReport, RebuildRequest } from './rebuild-protocol';
import { SamplingSource } from './sampling-source';

/**
 * Child process: rebuilds every projection from position 0 (see RebuildMode), alone in its process, so its
 * peak RSS is the engine's (worker threads included) and nothing else's. The read models are laid out as the
 * service lays them out (read-model-layout.ts); a catch-up builds the audit trail's own file in a worker thread
 * as the CLI's replay does. Started by run-rebuild.ts; answers over IPC.
 */
async function rebuild(request: RebuildRequest): Promise<RebuildReport> {
  const store = SqliteEventStore.open(request.storePath);
  const source = new SamplingSource(store, request.sampleEvery);
  const engine = new ProjectionEngine({
    store: source,
    path: request.readModelPath,
    projections: allProjections,
    ownFiles: OWN_FILE_PROJECTIONS,
    // As the CLI's replay and the service run it: worker threads build the files (the service's rebuild jobs, their shadows).
    parallel: { ...requireParallel(request.storePath), onProgress: (position: bigint) => source.observe(Number(position)) },
    ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}),
  });
  try {
    const started = process.hrtime.bigint();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const reached = request.mode === 'catch-up' ? await engine.catchUp() : await rebuildAsTheServiceDoes(engine, loop);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const figures = source.finish();
    const statuses = await engine.status();
    const projections: ProjectionOutcome[] = statuses.map((status) => {
      const outcome: ProjectionOutcome = {
        name: status.name,
        checkpoint: status.checkpoint.toString(),
        status: status.status,
        documents: status.generation === null ? 0 : engine.database.countDocuments(status.name, status.generation),
      };
      if (status.error) outcome.error = `${status.error.code}: ${status.error.message}`;
      return outcome;
    });
    return {
      head: Number(reached),
      eventsRead: Math.max(figures.events, Number(reached)),
      seconds,
      // Positions covered: with the audit trail built by a worker, this thread reads only its own types.
      eventsPerSecond: Number(reached) / seconds,
      readSeconds: figures.readSeconds,
      batches: figures.batches,
      // getrusage's ru_maxrss is in kilobytes on Linux.
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
      samples: figures.samples,
      projections,
      ...(request.mode === 'service-job' ? { eventLoopDelayMs: delaysOf(loop) } : {}),
      readModelBytes: readModelFiles(request.readModelPath, OWN_FILE_PROJECTIONS)
        .filter((file) => existsSync(file))
        .reduce((bytes, file) => bytes + statSync(file).size, 0),
    };
  } finally {
    await engine.close();
    await store.close();
  }
}

/** Started (following $all, serving the current read models), then one job rebuilding every projection. */
async function rebuildAsTheServiceDoes(engine: ProjectionEngine, loop: IntervalHistogram): Promise<bigint> {
  await engine.start();
  loop.enable();
  const job = await engine.rebuild(allProjections.map((projection) => projection.name)).done;
  // A block of the loop right before `done` resolves (the swap, say) is only sampled once a timer fires after it:
  // disabling the histogram at once would leave it out. (Until this wait, a 330 ms swap went unreported.)
  await new Promise((resolve) => setTimeout(resolve, 50));
  loop.disable();
  if (job.state !== 'completed') throw new Error(`rebuild job ${job.jobId} ended ${job.state}: ${job.error?.message ?? ''}`);
  const [first] = await engine.status();
  return first?.checkpoint ?? 0n;
}

/** The histogram's figures (nanoseconds) in ms, less the 10 ms the timer waits anyway. */
function delaysOf(loop: IntervalHistogram): NonNullable<RebuildReport['eventLoopDelayMs']> {
  const ms = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - 10) * 10) / 10);
  return { turns: loop.count, p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
}

function requireParallel(storePath: string) {
  const parallel = parallelCatchUp({ store: 'sqlite', dbPath: storePath });
  if (!parallel) throw new Error('no compiled catch-up worker entry beside read-model-layout.js: run the bench through npm run bench');
  return parallel;
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

const request = JSON.parse(process.argv[2] ?? '{}') as RebuildRequest;
rebuild(request).then(
  (report) => send({ ok: true, report }),
  (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
).finally(() => process.disconnect?.());
