import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { allProjections } from '../../../projections';
import type { EventStore } from '../../event-store/event-store.port';
import { ProjectionEngine, type ProjectionDefinition } from '../../projection-engine';
import { boundedSource } from '../../projection-engine/bounded-source';
import { ownFileOf, readModelFiles, removeReadModelFiles } from '../../projection-engine/read-model-files';
import { OWN_FILE_PROJECTIONS, parallelCatchUp } from '../../read-side/read-model-layout';
import { lastPositionRecordedBy } from '../as-of-position';
import { CliError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { parseInstant, parsePosition, parsePositiveInteger } from '../cli-values';
import { EXIT } from '../exit-codes';
import { progressReporter } from '../replay-progress';
import { resolveStore, withStore, withStoreOptions, type ResolvedStore, type StoreOptions } from '../store-options';

interface ReplayOptions extends StoreOptions {
  projection: string;
  toPosition?: string;
  asOf?: string;
  out?: string;
  force?: boolean;
  batchSize: string;
}

export function defineReplayCommand(command: Command, io: CliIo, done: (code: number) => void): Command {
  return withStoreOptions(command)
    .description('replay projections into a separate read-model file (never the live one), up to a position or an instant')
    .option('--projection <name>', `a projection, a comma-separated list, or all (${allProjections.map((p) => p.name).join(', ')})`, 'all')
    .option('--to-position <n>', 'include events up to this global position')
    .option('--as-of <instant>', 'include events recorded at or before this instant (ISO 8601 UTC)')
    .option('--out <file>', 'the SQLite file to build (default: replays/replay-<time>.db beside the store)')
    .option('--force', 'replace --out if it exists')
    .option('--batch-size <n>', 'events per read and per transaction', '10000')
    .action(async (options: ReplayOptions) => done(await replay(options, io)));
}

async function replay(options: ReplayOptions, io: CliIo): Promise<number> {
  const resolved = resolveStore(options, io.env);
  const definitions = selectProjections(options.projection);
  if (options.toPosition !== undefined && options.asOf !== undefined) throw new CliError('give --to-position or --as-of, not both');
  const toPosition = options.toPosition === undefined ? undefined : parsePosition('--to-position', options.toPosition);
  const asOf = options.asOf === undefined ? undefined : parseInstant('--as-of', options.asOf);
  const batchSize = parsePositiveInteger('--batch-size', options.batchSize);
  const now = io.now?.() ?? new Date();
  const out = resolve(options.out ?? defaultOut(resolved, now));
  const ownFiles = OWN_FILE_PROJECTIONS.filter((name) => definitions.some((definition) => definition.name === name));
  prepareOut(out, ownFiles, resolved, options.force === true);

  return withStore(resolved, async (store) => {
    const startedAt = Date.now();
    const head = await store.headPosition();
    const bound = asOf !== undefined ? await lastPositionRecordedBy(store, asOf) : toPosition !== undefined && toPosition < head ? toPosition : head;
    let events = 0;
    let workerEvents = 0;
    let reached = 0n;
    const progress = progressReporter(io.stderr, { label: 'replay', total: bound });
    const source = boundedSource(store, bound, (read) => {
      events += read.length;
      if (read.length > 0) reached = read[read.length - 1]!.position;
      progress.update(reached, workerEvents + events);
    });
    const failures: string[] = [];
    const location = resolved.kind === 'sqlite' ? { store: 'sqlite' as const, dbPath: resolved.dbPath } : { store: 'esdb' as const, connectionString: resolved.connection! };
    const workers = parallelCatchUp({ ...location, toPosition: bound });
    // The workers read on their own threads: their progress drives the bar until the last stretch, read here.
    const parallel = workers && {
      ...workers,
      onProgress: (position: bigint, read: number) => {
        workerEvents = read;
        progress.update(position, read);
      },
    };
    const engine = new ProjectionEngine({
      store: source,
      path: out,
      projections: definitions,
      batchSize,
      ownFiles,
      ...(parallel ? { parallel } : {}),
      onError: (error) => failures.push(error.message),
      onIndexing: (projection, collections) => progress.phase(`${projection}: every event read, indexing the keys of ${collections.join(', ')}`),
    });
    try {
      const position = await engine.catchUp();
      events += workerEvents;
      progress.stop(position, events);
      const statuses = await engine.status();
      const seconds = (Date.now() - startedAt) / 1000;
      const recordedAt = await recordedAtOf(store, position);
      io.stdout.write(
        `replayed ${events} events up to position ${position}${recordedAt ? ` (recorded ${recordedAt})` : ''} into ${[out, ...ownFiles.map((name) => ownFileOf(out, name))].join(' + ')} in ${seconds.toFixed(1)}s\n`,
      );
      for (const status of statuses) {
        const documents = status.generation === null ? 0 : engine.database.countDocuments(status.name, status.generation);
        io.stdout.write(`  ${status.name.padEnd(16)} v${status.version}  checkpoint ${status.checkpoint}  ${documents} documents${status.error ? `  FAILED: ${status.error.message}` : ''}\n`);
      }
      if (failures.length > 0 || statuses.some((status) => status.error)) {
        io.stderr.write(`ledger: the replay failed: ${failures.join('; ')}\n`);
        return EXIT.error;
      }
      return EXIT.ok;
    } finally {
      await engine.close();
    }
  });
}

function selectProjections(option: string): ProjectionDefinition[] {
  if (option === 'all') return [...allProjections];
  const names = option.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !allProjections.some((p) => p.name === name));
  if (names.length === 0 || unknown.length > 0) {
    throw new CliError(`--projection: unknown ${unknown.join(', ') || option}; known: ${allProjections.map((p) => p.name).join(', ')}, or all`);
  }
  return allProjections.filter((p) => names.includes(p.name));
}

function defaultOut(resolved: ResolvedStore, now: Date): string {
  const base = resolved.kind === 'sqlite' ? dirname(resolved.dbPath) : '.';
  return join(base, 'replays', `replay-${now.toISOString().replace(/[:.]/g, '-')}.db`);
}

/**
 * A replay never touches the live files; an existing output is replaced only when asked. The output is `out`
 * plus the own files of the projections kept apart (read-model-layout.ts), beside it.
 */
function prepareOut(out: string, ownFiles: readonly string[], resolved: ResolvedStore, force: boolean): void {
  const outputs = readModelFiles(out, ownFiles);
  const live = new Set(readModelFiles(resolved.liveReadDbPath, OWN_FILE_PROJECTIONS));
  if (outputs.some((file) => live.has(file))) throw new CliError(`refusing to replay into the service's live read models (${out}): choose another --out`);
  if (resolved.kind === 'sqlite' && outputs.includes(resolved.dbPath)) throw new CliError(`refusing to replay into the event store itself (${out})`);
  const existing = outputs.filter((file) => existsSync(file));
  if (existing.length > 0) {
    if (!force) throw new CliError(`${existing[0]} exists: choose another --out, or add --force to replace it`);
    removeReadModelFiles(out, ownFiles);
  }
  mkdirSync(dirname(out), { recursive: true });
}

async function recordedAtOf(store: EventStore, position: bigint): Promise<string | undefined> {
  if (position === 0n) return undefined;
  const [event] = await store.readAll({ after: position - 1n, maxCount: 1 });
  return event?.position === position ? event.recordedAt : undefined;
}

