import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { disarmHold, holdNextCommand, ShellTestModule } from './support/shell-test.module';

const key = (value: string) => ({ 'idempotency-key': value });

describe('Idempotency-Key on commands', () => {
  const apps: TestApp[] = [];
  const start = async (dbDir?: string) => {
    const t = await startTestApp({ modules: [ShellTestModule], ...(dbDir ? { dbDir } : {}) });
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    disarmHold();
    for (const t of apps.splice(0).reverse()) await t.close();
  });

  const eventsOf = async (t: TestApp, streamId: string) =>
    (await t.request('GET', `/test/notes/${streamId}/context`, { role: 'auditor' })).body as unknown[];

  it('the same key and body replay the first answer with 200 and append nothing', async () => {
    const t = await start();
    const body = { streamId: 'idem-1', note: 'once' };
    const first = await t.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-1') });
    expect(first.status).toBe(201);
    const second = await t.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-1') });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await eventsOf(t, 'idem-1')).toHaveLength(1);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const t = await start();
    const first = await t.request('POST', '/test/notes', {
      role: 'finance',
      rawBody: '{"streamId":"idem-order","note":"n"}',
      headers: key('k-order'),
    });
    const second = await t.request('POST', '/test/notes', {
      role: 'finance',
      rawBody: '{ "note": "n", "streamId": "idem-order" }',
      headers: key('k-order'),
    });
    expect([first.status, second.status]).toEqual([201, 200]);
  });

  it('the same key with a different body is refused with 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const t = await start();
    await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'idem-2', note: 'a' }, headers: key('k-2') });
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'idem-2', note: 'b' },
      headers: key('k-2'),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventsOf(t, 'idem-2')).toHaveLength(1);
  });

  it('the same key on another path is a different request too', async () => {
    const t = await start();
    await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'idem-3', note: 'a' }, headers: key('k-3') });
    const res = await t.request('POST', '/test/rule', { role: 'finance', body: { streamId: 'idem-3', note: 'a' }, headers: key('k-3') });
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keys belong to the caller: another principal reusing a key neither collides nor sees the answer', async () => {
    const t = await start();
    const body = { streamId: 'idem-4', note: 'a' };
    expect((await t.request('POST', '/test/notes', { role: 'finance', body, headers: key('shared') })).status).toBe(201);
    const admin = await t.request('POST', '/test/notes', { role: 'admin', body, headers: key('shared') });
    expect(admin.status).toBe(201);
    expect(await eventsOf(t, 'idem-4')).toHaveLength(2);
  });

  it('a refused request stores nothing: the key can be used again once the body is fixed', async () => {
    const t = await start();
    const bad = await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'idem-5' }, headers: key('k-5') });
    expect(bad.status).toBe(400);
    const again = await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'idem-5' }, headers: key('k-5') });
    expect(again.status).toBe(400);
    const fixed = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'idem-5', note: 'now valid' },
      headers: key('k-5'),
    });
    expect(fixed.status).toBe(201);
  });

  it('a replay survives a restart of the service on the same files', async () => {
    const first = await start();
    const body = { streamId: 'idem-6', note: 'durable' };
    const original = await first.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-6') });
    expect(original.status).toBe(201);
    await first.app.close();

    const restarted = await start(first.dbDir);
    const replay = await restarted.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-6') });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(original.body);
    expect(await eventsOf(restarted, 'idem-6')).toHaveLength(1);
    const reused = await restarted.request('POST', '/test/notes', {
      role: 'finance',
      body: { ...body, note: 'other' },
      headers: key('k-6'),
    });
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a repeat while the first request is still running is refused, and only one runs', async () => {
    const t = await start();
    const body = { streamId: 'idem-7', note: 'slow' };
    const hold = holdNextCommand();
    const slow = t.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-7') });
    await hold.entered;
    const concurrent = await t.request('POST', '/test/notes', { role: 'finance', body, headers: key('k-7') });
    hold.release();
    expect(concurrent.status).toBe(409);
    expect(concurrent.body.error.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    expect((await slow).status).toBe(201);
    expect(await eventsOf(t, 'idem-7')).toHaveLength(1);
  });

  it('refuses a malformed key', async () => {
    const t = await start();
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'idem-8', note: 'x' },
      headers: key('has spaces in it'),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('a command whose events were already appended answers 200 without a key (duplicate append)', async () => {
    const t = await start();
    const body = { streamId: 'idem-9', note: 'x', eventId: 'evt-fixed-1' };
    const first = await t.request('POST', '/test/notes', { role: 'finance', body });
    const second = await t.request('POST', '/test/notes', { role: 'finance', body });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toEqual(first.body);
  });
});
