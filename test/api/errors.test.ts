import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('error answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
  });
  afterAll(async () => t?.close());

  it('400 VALIDATION_FAILED lists the schema issues path by path, unknown fields included', async () => {
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 's', note: 'n', surprise: true, terms: { commission: { rateBps: 12.5 } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'terms.commission.rateBps', message: expect.any(String) },
        { path: 'surprise', message: 'unknown field' },
      ]),
    );
  });

  it('400 for a missing body and for a body that is not an object', async () => {
    for (const options of [{}, { body: [1, 2] }, { body: 'text' }]) {
      const res = await t.request('POST', '/test/notes', { role: 'finance', ...options });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('400 VALIDATION_FAILED for malformed JSON, in the same error shape', async () => {
    const res = await t.request('POST', '/test/notes', { role: 'finance', rawBody: '{"streamId": "s", ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(typeof res.body.error.message).toBe('string');
  });

  it('413 PAYLOAD_TOO_LARGE for a body over 1 MiB, before anything runs', async () => {
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'big', note: 'x'.repeat(1_048_576) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.request('GET', '/test/notes/big/context', { role: 'finance' })).body).toEqual([]);
  });

  it('accepts a body just under 1 MiB as far as the schema', async () => {
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      rawBody: JSON.stringify({ streamId: 'big', note: 'x'.repeat(1_000_000) }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'note', message: expect.any(String) }]);
  });

  it('404 NOT_FOUND for an unknown route', async () => {
    const res = await t.request('GET', '/v1/nothing-here', { role: 'admin' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('422 with the rule code and details for a business rule', async () => {
    const res = await t.request('POST', '/test/rule', { role: 'finance', body: {} });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: { code: 'PARTNER_NOT_APPROVED', message: 'partner p1 is not approved', details: { partnerId: 'p1' } },
    });
  });

  it('500 INTERNAL without the cause: no message, no stack', async () => {
    const res = await t.request('GET', '/test/boom', { role: 'finance' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(res.text).not.toContain('/srv/ledger');
  });
});

describe('the unexpected error is logged with the request and correlation ids', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON lines carrying reqId and correlationId, and the error', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-log-'));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await createApp(
      { LEDGER_DB: join(dir, 'ledger.db'), LEDGER_API_KEYS: 'finance:alice:k1', LOG_LEVEL: 'info' },
      { modules: [ShellTestModule], logDestination: sink },
    );
    try {
      await app.inject({
        method: 'GET',
        url: '/test/boom',
        headers: { authorization: 'Bearer k1', 'x-correlation-id': 'corr-42' },
      });
    } finally {
      await app.close();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, any>);
    const ofRequest = records.filter((r) => r.correlationId === 'corr-42');
    expect(ofRequest.length).toBeGreaterThanOrEqual(3); // incoming, the error, completed
    for (const record of ofRequest) expect(record.reqId).toBeDefined();
    const failure = ofRequest.find((r) => r.msg === 'request failed');
    expect(failure?.err?.message).toBe('secret internals at /srv/ledger');
    // Nest's own messages are JSON too.
    expect(records.some((r) => r.context === 'NestApplication' || r.context === 'RoutesResolver')).toBe(true);
    // The key never reaches the logs.
    expect(lines.join('\n')).not.toContain('Bearer k1');
  });
});
