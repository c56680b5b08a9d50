import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultReadDbPath } from '../config/load-config';
import { createEventStore } from '../event-store/create-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { CliError } from './cli-error';

export interface StoreOptions {
  store?: string;
  db?: string;
  connection?: string;
}

/** The same choice as the service: `--store`/LEDGER_STORE, `--db`/LEDGER_DB, `--connection`/EVENTSTORE_CONNECTION_STRING. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--store <kind>', 'sqlite or esdb (default: LEDGER_STORE, else sqlite)')
    .option('--db <file>', 'the SQLite event store file (default: LEDGER_DB, else ./data/ledger.db)')
    .option('--connection <string>', 'EventStoreDB connection string (default: EVENTSTORE_CONNECTION_STRING)');
}

export interface ResolvedStore {
  kind: 'sqlite' | 'esdb';
  /** The SQLite file (sqlite only), resolved. */
  dbPath: string;
  /** The service's live read-model file next to it (LEDGER_READ_DB, else read-models.db beside LEDGER_DB). */
  liveReadDbPath: string;
  connection?: string;
}

export function resolveStore(options: StoreOptions, env: Record<string, string | undefined>): ResolvedStore {
  const kind = options.store ?? (env.LEDGER_STORE || 'sqlite');
  if (kind !== 'sqlite' && kind !== 'esdb') throw new CliError(`--store must be sqlite or esdb, got ${kind}`);
  const dbPath = resolve(options.db ?? (env.LEDGER_DB || './data/ledger.db'));
  const liveReadDbPath = resolve(env.LEDGER_READ_DB || defaultReadDbPath(dbPath));
  const connection = options.connection ?? (env.EVENTSTORE_CONNECTION_STRING || undefined);
  if (kind === 'esdb' && connection === undefined) throw new CliError('--store esdb needs --connection or EVENTSTORE_CONNECTION_STRING');
  return { kind, dbPath, liveReadDbPath, ...(connection !== undefined ? { connection } : {}) };
}

/** Opens the store read-mostly: a SQLite file that does not exist is an error here, never silently created. */
export async function openStore(resolved: ResolvedStore): Promise<EventStore> {
  if (resolved.kind === 'sqlite' && !existsSync(resolved.dbPath)) throw new CliError(`no event store at ${resolved.dbPath}`);
  return createEventStore({
    store: resolved.kind,
    dbPath: resolved.dbPath,
    ...(resolved.connection !== undefined ? { eventStoreConnectionString: resolved.connection } : {}),
  });
}

/** Runs `work` with the store open and closes it whatever happens. */
export async function withStore<T>(resolved: ResolvedStore, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openStore(resolved);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
