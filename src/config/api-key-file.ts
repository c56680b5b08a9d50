import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatApiKeys, parseApiKeys, type ApiKeyEntry } from './api-keys';
import { ConfigError } from './config-error';
import { ROLES } from './roles';

export const API_KEY_FILE_NAME = 'api-keys.txt';

export interface ApiKeyFile {
  path: string;
  /** True when this start generated the file; false when an earlier start's file was reused. */
  created: boolean;
  entries: ApiKeyEntry[];
}

export function apiKeyFilePath(dbPath: string): string {
  return join(dirname(resolve(dbPath)), API_KEY_FILE_NAME);
}

/**
 * When LEDGER_API_KEYS is unset, the keys live in a file next to the database, readable only by its owner.
 * The first start creates one random key per role; later starts reuse it, so clients keep working across
 * restarts. There are never fixed default keys.
 */
export function ensureApiKeyFile(dbPath: string): ApiKeyFile {
  const path = apiKeyFilePath(dbPath);
  mkdirSync(dirname(path), { recursive: true });
  const generated = ROLES.map((role) => ({ role, principalId: role, key: randomBytes(32).toString('base64url') }));
  const content =
    '# partnership-ledger API keys, one role:principal:key per line. Keep this file secret.\n' +
    `${formatApiKeys(generated)}\n`;
  let fd: number;
  try {
    // 'wx' fails when the file exists, so two processes starting together cannot overwrite each other's keys.
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path, created: false, entries: readKeyFile(path) };
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return { path, created: true, entries: generated };
}

function readKeyFile(path: string): ApiKeyEntry[] {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError([
      {
        variable: 'LEDGER_API_KEYS',
        message: `key file ${path} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
      },
    ]);
  }
  const { entries, problems } = parseApiKeys(readFileSync(path, 'utf8'));
  if (problems.length > 0) {
    throw new ConfigError([{ variable: 'LEDGER_API_KEYS', message: `key file ${path}: ${problems.join('; ')}` }]);
  }
  return entries;
}
