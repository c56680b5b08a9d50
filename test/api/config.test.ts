import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { parseEnv } from '../../src/config/load-config';

const KEYS = 'finance:alice:k1,approver:bob:k2,auditor:carol:k3';

function problemVariables(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).variables;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = parseEnv({ LEDGER_API_KEYS: KEYS });
    expect(config).toMatchObject({
      port: 3000,
      store: 'sqlite',
      dbPath: './data/ledger.db',
      readDbPath: 'data/read-models.db',
      logLevel: 'info',
      concentrationMaxShareBps: 4000,
      queryWaitMs: 5000,
      streamReadMapBytes: 1024 * 1024 * 1024,
      stateCacheEvents: 250_000,
    });
    expect(config.eventStoreConnectionString).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = parseEnv({
      PORT: '8080',
      LEDGER_STORE: 'esdb',
      LEDGER_DB: '/var/ledger/events.db',
      LEDGER_READ_DB: '/var/ledger/read.db',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      LEDGER_API_KEYS: KEYS,
      LOG_LEVEL: 'warn',
      LEDGER_CONCENTRATION_MAX_SHARE: '0.25',
      LEDGER_QUERY_WAIT_MS: '1500',
      LEDGER_STREAM_READ_MAP_MB: '0',
      LEDGER_STATE_CACHE_EVENTS: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      store: 'esdb',
      dbPath: '/var/ledger/events.db',
      readDbPath: '/var/ledger/read.db',
      eventStoreConnectionString: 'esdb://localhost:2113?tls=false',
      logLevel: 'warn',
      concentrationMaxShareBps: 2500,
      queryWaitMs: 1500,
      streamReadMapBytes: 0,
      stateCacheEvents: 0,
    });
    expect(config.apiKeys).toEqual([
      { role: 'finance', principalId: 'alice', key: 'k1' },
      { role: 'approver', principalId: 'bob', key: 'k2' },
      { role: 'auditor', principalId: 'carol', key: 'k3' },
    ]);
  });

  it('puts the read database next to LEDGER_DB by default', () => {
    expect(parseEnv({ LEDGER_DB: '/srv/x/ledger.db', LEDGER_API_KEYS: KEYS }).readDbPath).toBe('/srv/x/read-models.db');
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PORT: '', LEDGER_STORE: '', LEDGER_API_KEYS: KEYS }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LEDGER_STORE', 'postgres'],
    ['LOG_LEVEL', 'loud'],
    ['LEDGER_CONCENTRATION_MAX_SHARE', '1.5'],
    ['LEDGER_CONCENTRATION_MAX_SHARE', '0'],
    ['LEDGER_CONCENTRATION_MAX_SHARE', '40%'],
    ['LEDGER_QUERY_WAIT_MS', '-1'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['LEDGER_API_KEYS', 'finance:alice'],
    ['LEDGER_API_KEYS', 'cashier:alice:k1'],
    ['LEDGER_API_KEYS', 'finance:al ice:k1'],
    ['LEDGER_API_KEYS', 'finance:alice:k1,approver:bob:k1'],
  ])('names %s when it is %j', (variable, value) => {
    expect(problemVariables({ LEDGER_API_KEYS: KEYS, [variable]: value })).toEqual([variable]);
  });

  it('requires EVENTSTORE_CONNECTION_STRING for the esdb store', () => {
    expect(problemVariables({ LEDGER_API_KEYS: KEYS, LEDGER_STORE: 'esdb' })).toEqual(['EVENTSTORE_CONNECTION_STRING']);
  });

  it('names every bad variable at once, in a message a person can act on', () => {
    try {
      parseEnv({ PORT: 'x', LOG_LEVEL: 'loud', LEDGER_API_KEYS: 'nobody:x:secret-value' });
      expect.unreachable();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect((error as ConfigError).variables.sort()).toEqual(['LEDGER_API_KEYS', 'LOG_LEVEL', 'PORT']);
      expect(message).toContain('PORT:');
      expect(message).toContain('LOG_LEVEL:');
      // An API key must never be echoed, not even a malformed one.
      expect(message).not.toContain('secret-value');
    }
  });
});
