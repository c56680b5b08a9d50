import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STORE } from '../../src/api/core/tokens';
import { ReadSideProgress } from '../../src/api/read-side/read-side-progress';
import type { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('/health and /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
    await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'obs-1', note: 'a' } });
    await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'obs-1', note: 'b' } });
  });
  afterAll(async () => t?.close());

  it('/health reports the store and how far the read side lags behind it', async () => {
    t.app.get(ReadSideProgress).advance(1n);
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      store: { reachable: true, kind: 'sqlite', headPosition: '2' },
      projections: { checkpoint: '1', lag: '1' },
    });
  });

  it('/metrics exposes default metrics, HTTP requests by route template and status, and the head position', async () => {
    await t.request('GET', '/test/notes/obs-1/context', { role: 'auditor' });
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(/http_requests_total\{method="POST",route="\/test\/notes",status="201"\} 2/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/test\/notes\/:streamId\/context",status="200"\} 1/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/^ledger_head_position 2$/m);
  });
});

describe('/health when the store is unreachable', () => {
  it('answers 503 and says which store', async () => {
    const t = await startTestApp();
    try {
      const store = t.app.get<EventStore>(EVENT_STORE);
      store.ping = async () => {
        throw new Error('connection refused');
      };
      const res = await t.request('GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', store: { reachable: false, kind: 'sqlite' } });
    } finally {
      await t.close();
    }
  });
});
