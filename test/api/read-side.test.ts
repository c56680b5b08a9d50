import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/api/http/http-problem';
import { MinPositionQuerySchema } from '../../src/api/read-side/min-position';
import { ReadSideProgress } from '../../src/api/read-side/read-side-progress';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('ReadSideProgress', () => {
  it('resolves at once when no position is asked for or it is already reached', async () => {
    const progress = new ReadSideProgress(10);
    progress.advance(5n);
    await expect(progress.waitFor(undefined)).resolves.toBeUndefined();
    await expect(progress.waitFor(5n)).resolves.toBeUndefined();
    await expect(progress.waitFor(3n)).resolves.toBeUndefined();
  });

  it('resolves a waiter when the checkpoint reaches its position, not before', async () => {
    const progress = new ReadSideProgress(60_000);
    let done = false;
    const waiting = progress.waitFor(10n).then(() => (done = true));
    progress.advance(9n);
    await Promise.resolve();
    expect(done).toBe(false);
    progress.advance(12n);
    await waiting;
    expect(done).toBe(true);
  });

  it('never moves backwards', () => {
    const progress = new ReadSideProgress();
    progress.advance(8n);
    progress.advance(2n);
    expect(progress.checkpoint).toBe(8n);
  });

  it('gives up with 409 READ_MODEL_BEHIND naming the current checkpoint', async () => {
    const progress = new ReadSideProgress();
    progress.advance(4n);
    const error = await progress.waitFor(7n, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 409, code: 'READ_MODEL_BEHIND', details: { requested: '7', checkpoint: '4' } });
  });

  it('releases waiters on shutdown instead of leaving them hanging', async () => {
    const progress = new ReadSideProgress(60_000);
    const waiting = progress.waitFor(1n);
    progress.onApplicationShutdown();
    await expect(waiting).rejects.toBeInstanceOf(HttpProblem);
  });
});

describe('MinPositionQuerySchema', () => {
  it('parses a position to a bigint and refuses anything else', () => {
    expect(MinPositionQuerySchema.parse({ minPosition: '42' })).toEqual({ minPosition: 42n });
    expect(MinPositionQuerySchema.parse({})).toEqual({});
    for (const bad of ['-1', 'x', '1e3', '']) expect(MinPositionQuerySchema.safeParse({ minPosition: bad }).success).toBe(false);
  });
});

describe('?minPosition= on a query', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule], env: { LEDGER_QUERY_WAIT_MS: '20' } });
  });
  afterAll(async () => t?.close());

  it('answers once the read side has reached the position', async () => {
    t.app.get(ReadSideProgress).advance(3n);
    const res = await t.request('GET', '/test/echo?period=2026-01&minPosition=3', { role: 'auditor' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ period: '2026-01', minPosition: '3', checkpoint: '3' });
  });

  it('answers 409 READ_MODEL_BEHIND after LEDGER_QUERY_WAIT_MS when it has not', async () => {
    const res = await t.request('GET', '/test/echo?period=2026-01&minPosition=999', { role: 'auditor' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'READ_MODEL_BEHIND', details: { requested: '999', checkpoint: '3' } });
  });

  it('refuses unknown query parameters', async () => {
    const res = await t.request('GET', '/test/echo?period=2026-01&limit=3', { role: 'auditor' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'limit', message: 'unknown field' }]);
  });
});
