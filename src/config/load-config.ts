import { dirname, join } from 'node:path';
import { ensureApiKeyFile } from './api-key-file';
import { parseApiKeys } from './api-keys';
import { ConfigError, type ConfigProblem } from './config-error';
import { EnvSchema, type Config, type Env } from './config.schema';

export const READ_DB_FILE_NAME = 'read-models.db';

/** Reads and validates the environment. A bad value throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Env = process.env): Config {
  return withApiKeys(parseEnv(env));
}

/** Validation without side effects: the key file is not touched; `apiKeys` is empty when LEDGER_API_KEYS is unset. */
export function parseEnv(env: Env): Config {
  const present: Record<string, string> = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((name) => {
      const value = env[name]?.trim();
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
  const parsed = EnvSchema.safeParse(present);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message }));
  let apiKeys: Config['apiKeys'] = [];
  if (present.LEDGER_API_KEYS !== undefined) {
    const result = parseApiKeys(present.LEDGER_API_KEYS);
    problems.push(...result.problems.map((message) => ({ variable: 'LEDGER_API_KEYS', message })));
    apiKeys = result.entries;
  }
  if (!parsed.success) throw new ConfigError(problems);
  const vars = parsed.data;
  if (vars.LEDGER_STORE === 'esdb' && vars.EVENTSTORE_CONNECTION_STRING === undefined) {
    problems.push({ variable: 'EVENTSTORE_CONNECTION_STRING', message: 'required when LEDGER_STORE=esdb' });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: vars.PORT,
    store: vars.LEDGER_STORE,
    dbPath: vars.LEDGER_DB,
    readDbPath: vars.LEDGER_READ_DB ?? defaultReadDbPath(vars.LEDGER_DB),
    ...(vars.EVENTSTORE_CONNECTION_STRING !== undefined
      ? { eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING }
      : {}),
    apiKeys,
    logLevel: vars.LOG_LEVEL,
    concentrationMaxShareBps: vars.LEDGER_CONCENTRATION_MAX_SHARE,
    queryWaitMs: vars.LEDGER_QUERY_WAIT_MS,
    streamReadMapBytes: vars.LEDGER_STREAM_READ_MAP_MB * 1024 * 1024,
    stateCacheEvents: vars.LEDGER_STATE_CACHE_EVENTS,
  };
}

export function defaultReadDbPath(dbPath: string): string {
  return join(dirname(dbPath), READ_DB_FILE_NAME);
}

/**
 * Builds a full Config from either an environment (uppercase variable names) or a partial Config laid over
 * the defaults; used by createApp so tests can override single fields.
 */
export function resolveConfig(input: Partial<Config> | Env = process.env): Config {
  if (isEnvLike(input)) return loadConfig(input);
  const partial = input as Partial<Config>;
  const base = parseEnv({});
  const merged: Config = {
    ...base,
    ...partial,
    readDbPath:
      partial.readDbPath ?? (partial.dbPath !== undefined ? defaultReadDbPath(partial.dbPath) : base.readDbPath),
    apiKeys: partial.apiKeys ?? [],
  };
  if (merged.store === 'esdb' && !merged.eventStoreConnectionString) {
    throw new ConfigError([{ variable: 'EVENTSTORE_CONNECTION_STRING', message: 'required when LEDGER_STORE=esdb' }]);
  }
  return withApiKeys(merged);
}

function withApiKeys(config: Config): Config {
  if (config.apiKeys.length > 0) return config;
  const file = ensureApiKeyFile(config.dbPath);
  return { ...config, apiKeys: file.entries, apiKeyFile: { path: file.path, created: file.created } };
}

function isEnvLike(input: object): input is Env {
  const keys = Object.keys(input);
  return keys.length > 0 && keys.every((key) => /^[A-Z][A-Z0-9_]*$/.test(key));
}
