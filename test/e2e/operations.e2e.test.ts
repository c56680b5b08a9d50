import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/config/roles';
import type { TestApp } from '../support/test-app';
import { get, read, startReadSideApp, storeOf, tellStory, type Story } from '../read-side/support/story';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('projection operations', () => {
  let t: TestApp;
  let story: Story;
  beforeAll(async () => {
    t = await startReadSideApp();
    story = await tellStory(t);
    await read(t, `/v1/leaderboards?period=2026-09&minPosition=${story.position}`);
  });
  afterAll(async () => t?.close());

  it('GET /v1/projections: every projection with its version, checkpoint, lag and status', async () => {
    const head = (await storeOf(t).headPosition()).toString();
    const projections = await read(t, '/v1/projections');
    expect(projections.map((p: any) => p.name).sort()).toEqual(
      ['audit-trail', 'commissions', 'concentration', 'leaderboards', 'ledger', 'partner-health'].sort(),
    );
    for (const projection of projections) {
      expect(projection, projection.name).toMatchObject({ version: expect.any(Number), status: 'live', lag: '0' });
      expect(BigInt(projection.checkpoint), projection.name).toBeLessThanOrEqual(BigInt(head));
    }
    expect(projections.find((p: any) => p.name === 'audit-trail').checkpoint).toBe(head);
  });

  it('rebuilds into a shadow copy and swaps it in, while the current one keeps answering the same', async () => {
    const path = `/v1/partners/agency-network/commissions?period=2026-09`;
    const expected = await read(t, path, 'finance');
    const before = (await read(t, '/v1/projections')).find((p: any) => p.name === 'commissions');

    let done = false;
    const answers: Array<{ status: number; body: unknown }> = [];
    const querying = (async () => {
      while (!done) {
        const response = await get(t, path, 'finance');
        answers.push({ status: response.status, body: response.body });
        await sleep(1);
      }
    })();
    const accepted = await t.request('POST', '/v1/projections/commissions/rebuild', { role: 'admin' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ jobId: expect.any(String) });

    let job: any;
    for (let polls = 0; polls < 2_000; polls++) {
      job = await read(t, `/v1/projections/jobs/${accepted.body.jobId}`, 'auditor');
      if (job.state !== 'running') break;
      await sleep(5);
    }
    done = true;
    await querying;

    expect(job).toMatchObject({ jobId: accepted.body.jobId, kind: 'rebuild', projections: ['commissions'], state: 'completed' });
    expect(job.processed).toBe(job.total);
    const after = (await read(t, '/v1/projections')).find((p: any) => p.name === 'commissions');
    expect(after).toMatchObject({ status: 'live', lag: '0' });
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toEqual({ status: 200, body: expected });
    expect(await read(t, path, 'finance')).toEqual(expected);
  });

  it('answers 404 for an unknown projection or job, 400 for malformed ones', async () => {
    const unknown = await t.request('POST', '/v1/projections/nope/rebuild', { role: 'admin' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.request('POST', '/v1/projections/Bad_Name/rebuild', { role: 'admin' })).status).toBe(400);
    expect((await get(t, '/v1/projections/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get(t, '/v1/projections/jobs/not-a-job')).status).toBe(400);
  });

  it('reports per-projection lag in /metrics and the read side’s lag in /health', async () => {
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/ledger_projection_lag\{projection="commissions"\} 0/);
    expect(metrics.text).toMatch(/ledger_projection_state\{projection="ledger",state="live"\} 1/);
    const health = await t.request('GET', '/health');
    expect(health.body.projections).toEqual({ checkpoint: (await storeOf(t).headPosition()).toString(), lag: '0' });
  });

  describe('authorization', () => {
    const endpoints: Array<{ method: 'GET' | 'POST'; path: string; allowed: Role[] }> = [
      { method: 'GET', path: '/v1/projections', allowed: ['admin', 'auditor'] },
      { method: 'POST', path: '/v1/projections/leaderboards/rebuild', allowed: ['admin'] },
      { method: 'GET', path: '/v1/projections/jobs/00000000-0000-4000-8000-000000000000', allowed: ['admin', 'auditor'] },
    ];
    const cases = endpoints.flatMap((endpoint) => ROLES.map((role) => ({ ...endpoint, role, allow: endpoint.allowed.includes(role) })));

    it.each(cases)('$method $path as $role: allowed=$allow', async ({ method, path, role, allow }) => {
      const response = await t.request(method, path, { role });
      if (allow) expect([200, 202, 404]).toContain(response.status);
      else expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it.each(endpoints)('$method $path without a key is 401', async ({ method, path }) => {
      expect((await t.request(method, path)).status).toBe(401);
    });
  });
});
