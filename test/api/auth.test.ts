import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('authentication and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
  });
  afterAll(async () => t?.close());

  it('refuses a request without a key with 401 UNAUTHENTICATED', async () => {
    const res = await t.request('GET', '/test/who');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['an unknown key', 'Bearer not-a-key'],
    ['another scheme', `Basic ${Buffer.from('carol:x').toString('base64')}`],
    ['a bare key', 'test-key-auditor'],
  ])('refuses %s with 401', async (_what, authorization) => {
    const res = await t.request('GET', '/test/who', { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a role the route does not allow with 403 FORBIDDEN', async () => {
    const res = await t.request('GET', '/test/who', { role: 'finance' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('lets an allowed role through and resolves its principal', async () => {
    const res = await t.request('GET', '/test/who', { role: 'auditor' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ principalId: 'carol', role: 'auditor' });
  });

  it('lets admin do everything a route allows to anyone', async () => {
    const res = await t.request('GET', '/test/who', { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ principalId: 'root', role: 'admin' });
  });

  it('denies a route that declares no roles, to every role including admin', async () => {
    for (const role of ['admin', 'finance', 'auditor'] as const) {
      const res = await t.request('GET', '/test/forgotten', { role });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
  });

  it('checks the key before the role: a bad key on a forbidden route is still 401', async () => {
    expect((await t.request('GET', '/test/forgotten', { key: 'nope' })).status).toBe(401);
  });

  it('needs no key for /health, /metrics, /docs and /docs/json', async () => {
    for (const path of ['/health', '/metrics', '/docs', '/docs/json']) {
      expect((await t.request('GET', path)).status, path).toBe(200);
    }
  });

  it('refuses a command before running it when the role may not send it', async () => {
    const res = await t.request('POST', '/test/notes', { role: 'auditor', body: { streamId: 'denied', note: 'x' } });
    expect(res.status).toBe(403);
    const events = await t.request('GET', '/test/notes/denied/context', { role: 'auditor' });
    expect(events.body).toEqual([]);
  });
});
