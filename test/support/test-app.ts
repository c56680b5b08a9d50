import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { Env } from '../../src/config/config.schema';
import type { Role } from '../../src/config/roles';

/** One fixed key per role: `Authorization: Bearer ${keys.finance}`. */
export const TEST_KEYS: Record<Role, string> = {
  admin: 'test-key-admin',
  'partner-manager': 'test-key-partner-manager',
  finance: 'test-key-finance',
  approver: 'test-key-approver',
  auditor: 'test-key-auditor',
};

/** The principal behind each key, as it appears in events' actor. */
export const TEST_PRINCIPALS: Record<Role, string> = {
  admin: 'root',
  'partner-manager': 'paula',
  finance: 'alice',
  approver: 'bob',
  auditor: 'carol',
};

export interface TestAppOptions {
  /** Test-only modules (controllers) beyond the feature modules. */
  modules?: Array<Type | DynamicModule>;
  /** Extra or overriding environment variables (LEDGER_QUERY_WAIT_MS, …). */
  env?: Env;
  /** Reuse a directory (e.g. to restart on the same files); it is then not deleted by close(). */
  dbDir?: string;
  /** More `role:principal:key` entries, e.g. 'approver:alice:alice-approves' for four-eyes tests. */
  extraApiKeys?: string[];
}

export interface TestRequestOptions {
  /** Authenticate with this role's test key. */
  role?: Role;
  /** Authenticate with this raw key instead. */
  key?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim (with content-type application/json unless headers say otherwise). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** Parsed JSON, or undefined when the answer is not JSON. */
  body: any;
  text: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  keys: Record<Role, string>;
  principals: Record<Role, string>;
  dbDir: string;
  dbPath: string;
  request(method: string, path: string, options?: TestRequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownDir = options.dbDir === undefined;
  const dbDir = options.dbDir ?? mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const dbPath = join(dbDir, 'ledger.db');
  const apiKeys = [
    ...(Object.keys(TEST_KEYS) as Role[]).map((role) => `${role}:${TEST_PRINCIPALS[role]}:${TEST_KEYS[role]}`),
    ...(options.extraApiKeys ?? []),
  ].join(',');
  const env: Env = { LEDGER_DB: dbPath, LEDGER_API_KEYS: apiKeys, LOG_LEVEL: 'silent', ...options.env };
  let app: NestFastifyApplication;
  try {
    app = await createApp(env, { modules: options.modules ?? [], print: () => undefined });
  } catch (error) {
    if (ownDir) rmSync(dbDir, { recursive: true, force: true });
    throw error;
  }

  async function request(method: string, path: string, opts: TestRequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key ?? (opts.role ? TEST_KEYS[opts.role] : undefined);
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await app.inject({
      method: method.toUpperCase() as 'GET',
      url: path,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    let body: unknown;
    if (String(response.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(response.body);
      } catch {
        body = undefined;
      }
    }
    return { status: response.statusCode, headers: response.headers, body, text: response.body };
  }

  return {
    app,
    keys: TEST_KEYS,
    principals: TEST_PRINCIPALS,
    dbDir,
    dbPath,
    request,
    async close() {
      await app.close();
      if (ownDir) rmSync(dbDir, { recursive: true, force: true });
    },
  };
}
