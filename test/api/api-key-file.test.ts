import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { ROLES } from '../../src/config/roles';

describe('API keys when LEDGER_API_KEYS is unset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the first start writes one random key per role next to the database, readable only by its owner', () => {
    const config = loadConfig({ LEDGER_DB: join(dir, 'db', 'ledger.db') });
    const path = join(dir, 'db', 'api-keys.txt');
    expect(config.apiKeyFile).toEqual({ path, created: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(config.apiKeys.map((k) => k.role).sort()).toEqual([...ROLES].sort());
    const keys = config.apiKeys.map((k) => k.key);
    expect(new Set(keys).size).toBe(ROLES.length);
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(40);
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const entry of config.apiKeys) expect(lines).toContain(`${entry.role}:${entry.principalId}:${entry.key}`);
  });

  it('later starts reuse the same keys, and another directory gets different ones', () => {
    const first = loadConfig({ LEDGER_DB: join(dir, 'ledger.db') });
    const second = loadConfig({ LEDGER_DB: join(dir, 'ledger.db') });
    expect(second.apiKeyFile?.created).toBe(false);
    expect(second.apiKeys).toEqual(first.apiKeys);
    const elsewhere = loadConfig({ LEDGER_DB: join(dir, 'other', 'ledger.db') });
    expect(elsewhere.apiKeys.map((k) => k.key)).not.toEqual(first.apiKeys.map((k) => k.key));
  });

  it('refuses a key file that others can read', () => {
    writeFileSync(join(dir, 'api-keys.txt'), 'admin:root:abc\n');
    chmodSync(join(dir, 'api-keys.txt'), 0o644);
    expect(() => loadConfig({ LEDGER_DB: join(dir, 'ledger.db') })).toThrow(ConfigError);
  });

  it('LEDGER_API_KEYS, when given, is used and no file is written', () => {
    const config = loadConfig({ LEDGER_DB: join(dir, 'ledger.db'), LEDGER_API_KEYS: 'admin:root:k' });
    expect(config.apiKeyFile).toBeUndefined();
    expect(() => statSync(join(dir, 'api-keys.txt'))).toThrow();
  });

  it('the service prints the file path, never a key, and accepts the generated keys', async () => {
    const printed: string[] = [];
    const env = { LEDGER_DB: join(dir, 'ledger.db'), LOG_LEVEL: 'silent' };
    const app = await createApp(env, { print: (line) => printed.push(line) });
    try {
      const keys = loadConfig(env).apiKeys;
      expect(printed.join('\n')).toContain(join(dir, 'api-keys.txt'));
      for (const { key } of keys) expect(printed.join('\n')).not.toContain(key);
      const auditor = keys.find((k) => k.role === 'auditor')!;
      const res = await app.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${auditor.key}` } });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
