import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventDefinitions } from '../../../../src/domain/event-catalogue';
import { SqliteEventStore } from '../../../../src/event-store/sqlite/sqlite-event-store';
import { now, secondsSince } from '../../support/clock';
import type { Progress } from '../../support/progress';
import { LedgerStory, type StoryOptions } from './ledger-story';
import { PayloadCheck, type PayloadCheckReport } from './payload-check';
import type { EntitySamples, StorySummary } from './story-stats';
import { writeStory } from './story-writer';

/** Bump whenever the story changes what it writes: cached files of another version are not reused. */
export const GENERATOR_VERSION = 1;

export interface LedgerManifest {
  generatorVersion: number;
  /** Event types and schema versions the file was written with: a catalogue change invalidates the cache. */
  catalogue: string;
  story: StoryOptions;
  targetEvents: number;
  head: number;
  summary: StorySummary;
  samples: EntitySamples;
  generation: { seconds: number; eventsPerSecond: number; appends: number };
  payloads: PayloadCheckReport;
  fileBytes: number;
}

export interface GeneratedLedger {
  path: string;
  manifest: LedgerManifest;
  /** True when the file came from the cache (generation figures are then those of the run that wrote it). */
  reused: boolean;
}

export interface LedgerRequest {
  targetEvents: number;
  /** Where the file goes when it is not cached (`cache: false`), e.g. the run's temp dir. */
  dir: string;
  cache: boolean;
  progress: Progress;
}

export const CACHE_DIR = join(tmpdir(), 'ledger-bench-cache');

/**
 * A store file holding about `targetEvents` events of the story: from the cache under the OS temp dir when a
 * file of the same size, generator version and catalogue is there, else written now (and cached if asked).
 */
export async function generatedLedger(request: LedgerRequest): Promise<GeneratedLedger> {
  const story = storyOptionsFor(request.targetEvents);
  const name = `projections-g${GENERATOR_VERSION}-${catalogueKey()}-${request.targetEvents}`;
  const dir = request.cache ? CACHE_DIR : request.dir;
  const path = join(dir, `${name}.db`);
  const manifestPath = join(dir, `${name}.json`);
  if (request.cache && existsSync(path) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as LedgerManifest;
    request.progress.step(`ledger of ${manifest.head} events reused from ${path}`);
    return { path, manifest, reused: true };
  }
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  removeDatabase(partial);
  request.progress.step(`generating ${request.targetEvents} events (${story.partners} partners) into ${request.cache ? path : 'the run dir'}`);
  const ledger = new LedgerStory(story);
  const check = new PayloadCheck();
  // recordedAt follows business time (the end of the day being written), so "as of" questions make sense.
  const store = SqliteEventStore.open(partial, { clock: () => new Date(ledger.context.nowMs) });
  const started = now();
  let outcome;
  try {
    outcome = await writeStory(store, ledger, request.targetEvents, request.progress, check.inspect);
  } finally {
    await store.close();
  }
  const seconds = secondsSince(started);
  const payloads = check.report();
  if (payloads.failures > 0) {
    removeDatabase(partial);
    throw new Error(`generated payloads fail their schemas: ${payloads.firstFailures.join(' | ')}`);
  }
  renameSync(partial, path);
  const manifest: LedgerManifest = {
    generatorVersion: GENERATOR_VERSION,
    catalogue: catalogueKey(),
    story,
    targetEvents: request.targetEvents,
    head: outcome.events,
    summary: ledger.context.stats.summary(ledger.firstDay, ledger.today),
    samples: ledger.context.stats.samples,
    generation: { seconds, eventsPerSecond: outcome.events / seconds, appends: outcome.appends },
    payloads,
    fileBytes: statSync(path).size,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { path, manifest, reused: false };
}

/** About 500 events per partner, at most 2,000 partners: a bigger ledger is a longer history, not a wider one. */
export function storyOptionsFor(targetEvents: number): StoryOptions {
  return {
    seed: 20_160_101,
    partners: Math.max(20, Math.min(2_000, Math.round(targetEvents / 500))),
    referralsPerPartnerMonth: 10,
    start: '2016-01-01T00:00:00.000Z',
  };
}

export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

function catalogueKey(): string {
  const text = eventDefinitions.map((d) => `${d.type}@${d.schemaVersion}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
