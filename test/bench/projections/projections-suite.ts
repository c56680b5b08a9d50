import { rmSync } from 'node:fs';
import { allProjections } from '../../../projections';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionEngine } from '../../../src/projection-engine';
import { readPlanOf, type ReadPlan } from '../../../src/projection-engine/projection-source';
import { ownFileOf, removeReadModelFiles } from '../../../src/projection-engine/read-model-files';
import { OWN_FILE_PROJECTIONS } from '../../../src/read-side/read-model-layout';
import type { BenchSuite, ScenarioResult, SuiteContext, SuiteReport, TargetResult } from '../bench-suite';
import { generatedLedger, removeDatabase, type GeneratedLedger } from './generator/generated-ledger';
import { PayloadCheck } from './generator/payload-check';
import { compact, memoryGrowth, seriesNote } from './memory-growth';
import { projectionSizes, type ProjectionSizes } from './projection-sizes';
import { atLeast, atMost } from './projection-targets';
import { auditQueryPlans } from './queries/audit-queries';
import { commandStatePlans, isCommandPlan } from './queries/command-state';
import { measureQueries } from './queries/query-latency';
import type { RebuildReport } from './rebuild/rebuild-protocol';
import { runRebuild } from './rebuild/run-rebuild';
import { measureWriteFloor, type FloorFile, type WriteFloorReport } from './rebuild/write-floor';

const GOALS = { eventsPerSecond: 100_000, rssMb: 512, p99Ms: 5, growth: 0.2 } as const;

/**
 * The read side at scale: a realistic ledger (partners, referrals, conversions, refunds, KPIs, closes, bonuses,
 * caps, payouts, disputes) generated into a store file, every projection rebuilt from position 0 in a child
 * process (throughput, peak RSS), then the auditor's queries on the result (p50/p99); opt-in, 10M events
 * through the engine with RSS sampled every million.
 */
export const projectionsSuite: BenchSuite = {
  name: 'projections',
  description: 'projection engine: full rebuild at 1M events (throughput, peak RSS), audit query latency, memory at 10M',
  async run(context: SuiteContext): Promise<SuiteReport> {
    const { options, progress, temp } = context;
    const sizes = projectionSizes(options);
    const scenarios: ScenarioResult[] = [];
    const targets: TargetResult[] = [];
    const facts: Record<string, unknown> = { sizes };
    const record = (result: ScenarioResult): void => {
      scenarios.push(result);
      const rate = result.skipped !== undefined ? `skipped: ${result.skipped}` : `${Math.round(result.perSecond)} ${result.unit}/s`;
      const latency = result.latencyMs ? `, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms` : '';
      progress.step(`  ${result.label}: ${rate}${latency}`);
    };

    progress.step(`ledger of ${compact(sizes.events)} events`);
    const ledger = await generatedLedger({ targetEvents: sizes.events, dir: temp.dir, cache: sizes.events <= sizes.cacheUpTo, progress });
    record(generationScenario('proj.generate', ledger));
    facts.ledger = ledgerFacts(ledger);
    facts.storedPayloads = await checkStoredPayloads(ledger.path);

    progress.step(`rebuild of every projection from position 0 (${allProjections.map((p) => p.name).join(', ')}), in a child process`);
    const readModelPath = temp.freshDatabase('read-models');
    const rebuild = await runRebuild({
      request: { storePath: ledger.path, readModelPath, mode: 'catch-up', batchSize: sizes.batchSize, sampleEvery: sizes.sampleEvery },
      cpuProfileDir: sizes.cpuProfileDir,
    });
    const rebuildScenario = rebuildResult('proj.rebuild', `rebuild all projections, ${compact(rebuild.head)} events`, rebuild, sizes);
    progress.step('write floor: raw better-sqlite3 reading $all and writing the rows the rebuild wrote, a worker thread per file');
    const floor = floorResult(await measureWriteFloor(ledger.path, floorFiles(readModelPath), temp.dir));
    record(withShareOf(rebuildScenario, floor));
    record(floor);
    facts.rebuild = rebuild;
    targets.push(
      atLeast('rebuild-throughput', 'proj.rebuild', `rebuild >= ${GOALS.eventsPerSecond} events/s (measured ${Math.round(rebuild.eventsPerSecond)})`, rebuild.eventsPerSecond, GOALS.eventsPerSecond),
      atMost('rebuild-rss', 'proj.rebuild', `rebuild peak RSS < ${GOALS.rssMb} MB (measured ${rebuild.maxRssMb} MB)`, rebuild.maxRssMb, GOALS.rssMb),
    );

    progress.step(`audit queries on the rebuilt read models (${sizes.queries} per scenario after ${sizes.warmup} warm-up)`);
    for (const result of await auditLatency(ledger, readModelPath, sizes, context)) {
      record(result);
      // The command rows compare two ways of deciding, side by side; the latency goal is the audit's.
      if (isCommandPlan(result.id)) continue;
      const p99 = result.latencyMs?.p99;
      targets.push(atMost(`p99-${result.id}`, result.id, `p99 <= ${GOALS.p99Ms} ms: ${result.label} (measured ${p99 ?? '-'} ms)`, p99, GOALS.p99Ms));
    }

    progress.step('rebuild of every projection by the service: a rebuild job beside the started engine, swapped in when caught up');
    const serviceJob = await runRebuild({
      request: { storePath: ledger.path, readModelPath, mode: 'service-job', batchSize: sizes.batchSize, sampleEvery: sizes.sampleEvery },
      cpuProfileDir: undefined,
    });
    const serviceScenario = rebuildResult('proj.rebuild.service', `rebuild job of every projection (service path), ${compact(serviceJob.head)} events`, serviceJob, sizes);
    const delay = serviceJob.eventLoopDelayMs;
    serviceScenario.notes = [
      'beside the live engine, in worker threads, 10k-event commits',
      ...(delay
        ? [
            delay.turns === 0
              ? "the service's event loop never turned while the job ran"
              : `the service's event loop delayed p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms (${delay.turns} turns)`,
          ]
        : []),
      ...(serviceScenario.notes ?? []),
    ];
    record(serviceScenario);
    facts.serviceRebuild = serviceJob;
    if (!options.keep) removeReadModelFiles(readModelPath, OWN_FILE_PROJECTIONS);

    if (sizes.huge !== undefined) {
      const huge = await hugeRun(sizes.huge, context, sizes);
      record(huge.scenario);
      facts.huge = huge.facts;
      targets.push(huge.target);
    } else {
      facts.huge = 'not run (opt-in: --events-10m or BENCH_PROJ_HUGE=1)';
    }
    return { scenarios, targets, facts };
  },
};

function generationScenario(id: string, ledger: GeneratedLedger): ScenarioResult {
  const { manifest } = ledger;
  return {
    id,
    subject: 'generator',
    label: `generate ${compact(manifest.head)} events into the store`,
    count: manifest.head,
    seconds: manifest.generation.seconds,
    perSecond: manifest.generation.eventsPerSecond,
    unit: 'events',
    notes: [
      ledger.reused ? 'cached file, figures of the run that wrote it' : 'written now',
      `${manifest.story.partners} partners, ${manifest.summary.firstDay}..${manifest.summary.lastDay}`,
      `${Math.round(manifest.fileBytes / 1048576)} MB`,
    ],
  };
}

/** The rebuild's read-model files, each with what its catch-up worker reads of $all. */
function floorFiles(readModelPath: string): FloorFile[] {
  const planOf = (inFile: (name: string) => boolean): ReadPlan => readPlanOf(allProjections.filter((projection) => inFile(projection.name)));
  return [
    { path: readModelPath, plan: planOf((name) => !OWN_FILE_PROJECTIONS.includes(name)) },
    ...OWN_FILE_PROJECTIONS.map((own) => ({ path: ownFileOf(readModelPath, own), plan: planOf((name) => name === own) })),
  ];
}

function floorResult(floor: WriteFloorReport): ScenarioResult {
  return {
    id: 'proj.rebuild.floor',
    subject: 'raw',
    label: 'raw floor: read $all, write the rebuilt rows',
    count: floor.events,
    seconds: floor.seconds,
    perSecond: floor.events / floor.seconds,
    unit: 'events',
    notes: [
      `${compact(floor.rows)} rows in ${floor.files.length} files at once`,
      ...floor.files.map((file) => `${file.tables} tables, ${compact(file.rows)} rows${file.readsData ? '' : ', $all without payloads'}: ${file.seconds.toFixed(1)} s`),
    ],
  };
}

/** Notes on the rebuild what share of the floor's rate it reached (a reading aid, not a target). */
function withShareOf(ours: ScenarioResult, floor: ScenarioResult): ScenarioResult {
  const share = `${((100 * ours.perSecond) / floor.perSecond).toFixed(1)}% of the raw floor's rate`;
  return { ...ours, notes: [...(ours.notes ?? []), share] };
}

function rebuildResult(id: string, label: string, rebuild: RebuildReport, sizes: ProjectionSizes): ScenarioResult {
  const failed = rebuild.projections.filter((projection) => projection.error !== undefined);
  return {
    id,
    subject: 'ours',
    label,
    count: rebuild.head,
    seconds: rebuild.seconds,
    perSecond: rebuild.eventsPerSecond,
    unit: 'events',
    failures: failed.length,
    ...(failed.length > 0 ? { firstError: `${failed[0]!.name}: ${failed[0]!.error}` } : {}),
    notes: [
      `peak RSS ${rebuild.maxRssMb} MB`,
      `readAll ${Math.round((100 * rebuild.readSeconds) / rebuild.seconds)}% of the main thread's time`,
      `batch ${sizes.batchSize ?? 'default'}`,
      `read models ${Math.round(rebuild.readModelBytes / 1048576)} MB`,
    ],
  };
}

async function auditLatency(ledger: GeneratedLedger, readModelPath: string, sizes: ProjectionSizes, { progress }: SuiteContext): Promise<ScenarioResult[]> {
  const store = SqliteEventStore.open(ledger.path);
  // Opened on the rebuilt file, not started: the readers serve the generation the rebuild left active.
  const engine = new ProjectionEngine({ store, path: readModelPath, projections: allProjections, ownFiles: OWN_FILE_PROJECTIONS });
  try {
    const plans = auditQueryPlans({
      store,
      auditTrail: engine.reader('audit-trail'),
      commissions: engine.reader('commissions'),
      samples: ledger.manifest.samples,
      queries: sizes.queries,
      warmup: sizes.warmup,
    });
    for (const plan of await commandStatePlans(store, ledger.manifest.samples.accounts)) {
      plans.push({ ...plan, queries: sizes.queries, warmup: sizes.warmup });
    }
    const results: ScenarioResult[] = [];
    for (const plan of plans) results.push(await measureQueries(plan, progress));
    return results;
  } finally {
    await engine.close();
    await store.close();
  }
}

/** Stored payloads, read back from a spread of $all, against their zod schemas: the cached file is checked too. */
async function checkStoredPayloads(path: string): Promise<{ checked: number; failures: number }> {
  const store = SqliteEventStore.open(path);
  try {
    const check = new PayloadCheck();
    await check.checkStored(store);
    const report = check.report();
    if (report.failures > 0) throw new Error(`stored payloads fail their schemas: ${report.firstFailures.join(' | ')}`);
    return { checked: report.checked, failures: report.failures };
  } finally {
    await store.close();
  }
}

async function hugeRun(
  events: number,
  context: SuiteContext,
  sizes: ProjectionSizes,
): Promise<{ scenario: ScenarioResult; facts: Record<string, unknown>; target: TargetResult }> {
  const { progress, temp, options } = context;
  const started = process.hrtime.bigint();
  progress.step(`memory at ${compact(events)} events (opt-in): generate, then stream every event through the engine`);
  const ledger = await generatedLedger({ targetEvents: events, dir: temp.dir, cache: events <= sizes.cacheUpTo, progress });
  const readModelPath = temp.freshDatabase('read-models-huge');
  const sampleEvery = 1_000_000;
  try {
    const rebuild = await runRebuild({
      request: { storePath: ledger.path, readModelPath, mode: 'catch-up', batchSize: sizes.batchSize, sampleEvery },
      cpuProfileDir: undefined,
    });
    const growth = memoryGrowth(rebuild.samples, 2 * sampleEvery);
    const scenario = rebuildResult('proj.huge.rebuild', `rebuild all projections, ${compact(rebuild.head)} events (RSS per 1M)`, rebuild, sizes);
    scenario.notes = [
      `RSS MB by events ${seriesNote(rebuild.samples)}`,
      growth ? `growth after ${compact(growth.baselineEvents)}: ${(growth.growth * 100).toFixed(1)}% (max-min ${growth.spreadMb} MB)` : 'too few samples',
      ...(scenario.notes ?? []),
    ];
    const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      scenario,
      facts: { ledger: ledgerFacts(ledger), rebuild, growth, totalSeconds },
      target: atMost(
        'huge-rss-flat',
        'proj.huge.rebuild',
        `RSS growth from 2M to ${compact(events)} events < ${GOALS.growth * 100}% (measured ${growth ? (growth.growth * 100).toFixed(1) : '-'}%)`,
        growth?.growth,
        GOALS.growth,
      ),
    };
  } finally {
    if (!options.keep) {
      removeReadModelFiles(readModelPath, OWN_FILE_PROJECTIONS);
      // A ledger this size is written into the run's directory, not the cache: ~1 GB per million events.
      if (ledger.path.startsWith(temp.dir)) {
        removeDatabase(ledger.path);
        rmSync(`${ledger.path.replace(/\.db$/, '')}.json`, { force: true });
      }
    }
  }
}

function ledgerFacts(ledger: GeneratedLedger): Record<string, unknown> {
  const { samples, ...manifest } = ledger.manifest;
  return {
    path: ledger.path,
    reused: ledger.reused,
    ...manifest,
    sampled: { referrals: samples.referrals.length, accounts: samples.accounts.length, payouts: samples.payouts.length },
  };
}
