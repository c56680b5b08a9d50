import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BenchSuite, ScenarioResult, SuiteContext, SuiteReport } from '../bench-suite';
import { eventsPerWriter } from './event-batches';
import { eventJsonBytes, referralConverted } from './ledger-event';
import { openOurStore } from './open-our-store';
import { ourAppend, ourReadAll, ourSequential, type OpenStore, type OurAppendPlan } from './our-store-scenarios';
import { interleavedSequential } from './sequential-pair';
import { ensurePeerInstalled } from './peer/peer-install';
import { loadPeer, type LoadedPeer } from './peer/peer-api';
import { peerAppend, peerPragmas, peerReadAll } from './peer/peer-scenarios';
import { interleavedReadPasses } from '../support/read-passes';
import { RAW_SCHEMA, rawBatchedAcrossStreams, rawBatchedInsert, rawCommitPerRow, rawPragmas, rawSelectParse } from './raw-sqlite-scenarios';
import { skippedScenario } from './scenario-results';
import { storeSizes } from './store-sizes';
import { evaluateTargets, STORE_TARGETS } from './store-targets';

/**
 * The event store against the physical limits of SQLite on this machine and against a peer, in one run:
 * each of our scenarios right after its raw better-sqlite3 ceiling, then Emmett's SQLite store.
 */
export const storeSuite: BenchSuite = {
  name: 'store',
  description: 'event store: durable appends (1 and N writers) and $all reads vs raw SQLite and Emmett',
  async run(context: SuiteContext): Promise<SuiteReport> {
    const { options, progress, temp } = context;
    const sizes = storeSizes(options);
    const scenarios: ScenarioResult[] = [];
    const facts: Record<string, unknown> = {
      sizes,
      eventJsonBytes: eventJsonBytes(referralConverted(1, 1)),
      rawSchema: RAW_SCHEMA.replace(/\s+/g, ' ').trim(),
      tempDir: temp.dir,
    };
    const record = (result: ScenarioResult): void => {
      scenarios.push(result);
      const rate = result.skipped !== undefined ? `skipped: ${result.skipped}` : `${Math.round(result.perSecond)} ${result.unit}/s`;
      progress.step(`  ${result.label}: ${rate}`);
    };

    progress.step(`sizes: ${JSON.stringify(sizes)}`);
    facts.rawPragmas = rawPragmas(temp.freshDatabase('raw-pragmas'));
    facts.oursJournalMode = await ourJournalMode(openOurStore, temp.freshDatabase('ours-pragmas'));
    // Each of our scenarios runs right after (or alternating with) its raw ceiling, so a change in the
    // disk's or the neighbours' mood during the run shifts both sides of a ratio alike.
    progress.step('durable appends, 1 writer: raw one commit per row and our store, alternating');
    const sequential = await interleavedSequential(
      [
        rawCommitPerRow(temp.freshDatabase('raw-commit-per-row'), sizes.sequential),
        await ourSequential(openOurStore, temp.freshDatabase('ours-sequential'), eventsPerWriter(1, sizes.sequential)[0] ?? []),
      ],
      sizes.sequential,
      sizes.sequentialRounds,
      options.seconds,
      progress,
    );
    sequential.forEach(record);
    progress.step(`durable appends, ${sizes.writers} writers: raw batched insert, then our store`);
    record(rawBatchedInsert('raw.batched', temp.freshDatabase('raw-batched'), sizes.batched, sizes.batch, progress));
    // Not a target: the most a group commit can gather with one append in flight per writer, for reading
    // the target above (commit cost per row grows as batches shrink).
    record(rawBatchedInsert('raw.batchedPerWriters', temp.freshDatabase('raw-batched-writers'), sizes.writers * sizes.perWriter, sizes.writers, progress));
    // Nor this: the same commits with one row per writer's stream, which is what our writers' commits are.
    const acrossStreams = rawBatchedAcrossStreams('raw.batchedAcrossStreams', temp.freshDatabase('raw-batched-across'), sizes.writers, sizes.perWriter, progress);
    record(acrossStreams);
    record(withShareOf(await ourAppend(openOurStore, concurrentPlan(context, sizes), progress), acrossStreams));
    progress.step('$all read + decode: raw select + JSON.parse and our store, alternating passes');
    const readers = [rawSelectParse(temp.freshDatabase('raw-select'), sizes.read, progress)];
    readers.push(await ourReadAll(openOurStore, temp.freshDatabase('ours-read'), sizes.read, sizes.readBatch, progress));
    (await interleavedReadPasses(readers, sizes.readPasses, progress)).forEach(record);

    const peer = preparePeer(context);
    if ('error' in peer) {
      progress.step(`peer skipped: ${peer.error}`);
      facts.peer = { skipped: peer.error };
      for (const [id, label] of PEER_SCENARIOS) record(skippedScenario(id, 'peer', label, peer.error));
    } else {
      progress.step(`peer (Emmett ${peer.versions['@event-driven-io/emmett-sqlite']} on sqlite3 ${peer.versions.sqlite3})`);
      facts.peer = { versions: peer.versions, pragmas: await peerPragmas(peer.api, temp.freshDatabase('peer-pragmas')) };
      await runPeer(context, peer, sizes, record);
    }

    return { scenarios, targets: evaluateTargets(STORE_TARGETS, scenarios, sizes.writers), facts };
  },
};

const PEER_SCENARIOS: ReadonlyArray<readonly [string, string]> = [
  ['peer.append.sequential', 'peer: durable append, 1 writer'],
  ['peer.append.concurrent', 'peer: durable append, concurrent writers'],
  ['peer.readAll', 'peer: read $all + decode'],
];

type Sizes = ReturnType<typeof storeSizes>;

/** Notes on `ours` what share of `ceiling`'s rate it reached (a reading aid, not a target). */
function withShareOf(ours: ScenarioResult, ceiling: ScenarioResult): ScenarioResult {
  if (ours.skipped !== undefined || ceiling.skipped !== undefined || ceiling.perSecond <= 0) return ours;
  const share = `${((100 * ours.perSecond) / ceiling.perSecond).toFixed(1)}% of ${ceiling.label}`;
  return { ...ours, notes: [...(ours.notes ?? []), share] };
}

function concurrentPlan({ options, temp }: SuiteContext, sizes: Sizes): OurAppendPlan {
  return {
    id: 'ours.append.concurrent',
    label: `ours: durable append, ${sizes.writers} writers`,
    path: temp.freshDatabase('ours-concurrent'),
    events: eventsPerWriter(sizes.writers, sizes.perWriter),
    maxSeconds: options.seconds,
  };
}

async function runPeer(context: SuiteContext, peer: LoadedPeer, sizes: Sizes, record: (r: ScenarioResult) => void): Promise<void> {
  const { options, progress, temp } = context;
  record(
    await peerAppend(
      peer.api,
      { id: 'peer.append.sequential', label: 'peer: durable append, 1 writer', path: temp.freshDatabase('peer-sequential'), events: eventsPerWriter(1, sizes.sequential), maxSeconds: options.seconds },
      progress,
    ),
  );
  record(
    await peerAppend(
      peer.api,
      {
        id: 'peer.append.concurrent',
        label: `peer: durable append, ${sizes.writers} writers`,
        path: temp.freshDatabase('peer-concurrent'),
        events: eventsPerWriter(sizes.writers, sizes.perWriter),
        maxSeconds: options.seconds,
      },
      progress,
    ),
  );
  record(await peerReadAll(peer.api, temp.freshDatabase('peer-read'), sizes.read, sizes.readPasses, progress));
}

function preparePeer(context: SuiteContext): LoadedPeer | { error: string } {
  if (!context.options.peer) return { error: 'disabled with --no-peer' };
  const peerDir = join(context.repoRoot, 'test', 'bench', 'peer');
  const install = ensurePeerInstalled(peerDir, context.progress);
  if (!install.installed) return { error: install.error ?? 'not installed' };
  try {
    return loadPeer(peerDir);
  } catch (error) {
    return { error: `cannot load the peer: ${(error as Error).message}` };
  }
}

/** journal_mode persists in the file, so it can be read back after our store set it up. */
async function ourJournalMode(open: OpenStore, path: string): Promise<unknown> {
  const store = await open(path);
  await store.close();
  const db = new Database(path);
  try {
    return db.pragma('journal_mode', { simple: true });
  } finally {
    db.close();
  }
}
