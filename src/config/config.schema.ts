import { z } from 'zod';
import type { ApiKeyEntry } from './api-keys';
import { DEFAULT_MAX_FOLDED_EVENTS } from '../application/stream-state-cache';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** "0.4" → 4000 bps, exactly: shares are parsed as decimals, never through a float. */
const ShareSchema = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?|\.\d{1,4})$/, 'a share between 0 and 1 with at most 4 decimals, e.g. 0.4')
  .transform((text) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
  })
  .refine((bps) => bps > 0, 'must be greater than 0');

const IntegerSchema = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `between ${min} and ${max}`);

/**
 * The environment the service reads (API.md "Configuration"). Empty strings count as unset. Keys are the
 * variable names, so a zod issue's path names the variable at fault.
 */
export const EnvSchema = z.object({
  PORT: IntegerSchema(0, 65_535).default(3000),
  LEDGER_STORE: z.enum(['sqlite', 'esdb'], { error: 'must be sqlite or esdb' }).default('sqlite'),
  LEDGER_DB: z.string().max(4096).default('./data/ledger.db'),
  LEDGER_READ_DB: z.string().max(4096).optional(),
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/, 'an esdb:// connection string')
    .optional(),
  LEDGER_API_KEYS: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LEDGER_CONCENTRATION_MAX_SHARE: ShareSchema.default(4000),
  LEDGER_QUERY_WAIT_MS: IntegerSchema(0, 600_000).default(5000),
  LEDGER_STREAM_READ_MAP_MB: IntegerSchema(0, 1_048_576).default(1024),
  LEDGER_STATE_CACHE_EVENTS: IntegerSchema(0, 100_000_000).default(DEFAULT_MAX_FOLDED_EVENTS),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  port: number;
  store: 'sqlite' | 'esdb';
  /** SQLite event store file (LEDGER_DB). */
  dbPath: string;
  /** SQLite file of the read models, idempotency keys and checkpoints (LEDGER_READ_DB). */
  readDbPath: string;
  /** Required when store is esdb. */
  eventStoreConnectionString?: string;
  apiKeys: ApiKeyEntry[];
  /** Set when the keys came from the generated key file rather than LEDGER_API_KEYS. */
  apiKeyFile?: { path: string; created: boolean };
  logLevel: LogLevel;
  /** LEDGER_CONCENTRATION_MAX_SHARE in basis points (0.4 → 4000). */
  concentrationMaxShareBps: number;
  /** How long a query with ?minPosition= waits for the read side (LEDGER_QUERY_WAIT_MS). */
  queryWaitMs: number;
  /** How much of the SQLite store file stream reads memory-map, in bytes (LEDGER_STREAM_READ_MAP_MB; 0: none). */
  streamReadMapBytes: number;
  /** Events folded into the stream states kept for commands, all streams together (LEDGER_STATE_CACHE_EVENTS). */
  stateCacheEvents: number;
}
