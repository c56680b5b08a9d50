import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandContextOf } from '../../src/api/http/command-context.decorator';
import { HttpProblem } from '../../src/api/http/http-problem';
import { parseIfMatch } from '../../src/api/http/if-match';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

const NOW = new Date('2026-03-04T05:06:07.000Z');

function request(body: unknown, headers: Record<string, string> = {}): FastifyRequest {
  return {
    body,
    headers,
    correlationId: 'corr-1',
    principal: { principalId: 'alice', role: 'finance' },
  } as unknown as FastifyRequest;
}

describe('the command context of an HTTP request', () => {
  it('takes the actor from the principal and business time from the body', () => {
    const ctx = commandContextOf(request({ occurredAt: '2026-01-31T12:00:00Z', reason: 'month end' }), () => NOW);
    expect(ctx).toEqual({
      actor: { principalId: 'alice', role: 'finance' },
      correlationId: 'corr-1',
      causationId: null,
      occurredAt: '2026-01-31T12:00:00.000Z',
      occurredAtGiven: true,
      reason: 'month end',
    });
  });

  it('defaults business time to now and says so', () => {
    const ctx = commandContextOf(request({}), () => NOW);
    expect(ctx.occurredAt).toBe(NOW.toISOString());
    expect(ctx.occurredAtGiven).toBe(false);
    expect(ctx.reason).toBeUndefined();
    expect(ctx.expectedRevision).toBeUndefined();
  });

  it('refuses a business time that is not a UTC instant', () => {
    expect(() => commandContextOf(request({ occurredAt: '31/01/2026' }))).toThrow(HttpProblem);
    expect(() => commandContextOf(request({ occurredAt: '2026-01-31T12:00:00+02:00' }))).toThrow(HttpProblem);
  });

  it('reads If-Match as the expected revision', () => {
    expect(commandContextOf(request({}, { 'if-match': '12' })).expectedRevision).toBe(12n);
  });
});

describe('If-Match', () => {
  it.each([
    ['0', 0n],
    ['41', 41n],
    ['"41"', 41n],
    [' 7 ', 7n],
  ])('%j → %s', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it('is optional', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each(['', '-1', 'abc', '1.5', '*', 'W/"3"', '99999999999999999999'])('refuses %j with 400', (header) => {
    try {
      parseIfMatch(header);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpProblem);
      expect((error as HttpProblem).status).toBe(400);
      expect((error as HttpProblem).code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('commands over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
  });
  afterAll(async () => t?.close());

  const eventsOf = async (streamId: string) =>
    (await t.request('GET', `/test/notes/${streamId}/context`, { role: 'auditor' })).body as Array<Record<string, any>>;

  it('puts actor, correlation id, business time and reason into the event metadata', async () => {
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'ctx-1', note: 'n', occurredAt: '2026-02-01T00:00:00Z', reason: 'because' },
      headers: { 'x-correlation-id': 'order-2026-0001' },
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-correlation-id']).toBe('order-2026-0001');
    const [event] = await eventsOf('ctx-1');
    expect(event?.metadata).toMatchObject({
      actor: { principalId: 'alice', role: 'finance' },
      correlationId: 'order-2026-0001',
      causationId: null,
      occurredAt: '2026-02-01T00:00:00.000Z',
      reason: 'because',
    });
  });

  it('generates a correlation id when none is given and echoes it', async () => {
    const res = await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'ctx-2', note: 'n' } });
    const echoed = res.headers['x-correlation-id'] as string;
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect((await eventsOf('ctx-2'))[0]?.metadata.correlationId).toBe(echoed);
  });

  it('refuses an over-long or malformed X-Correlation-Id with 400', async () => {
    for (const value of ['x'.repeat(129), 'has space']) {
      const res = await t.request('POST', '/test/notes', {
        role: 'finance',
        body: { streamId: 'ctx-3', note: 'n' },
        headers: { 'x-correlation-id': value },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await eventsOf('ctx-3')).toEqual([]);
  });

  it('If-Match makes the append conditional: 201 at the right revision, 409 CONCURRENCY_CONFLICT otherwise', async () => {
    await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'ctx-4', note: 'v0' } });
    const stale = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'ctx-4', note: 'v1' },
      headers: { 'if-match': '5' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      details: { expected: '5', actual: '0' },
    });
    const current = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'ctx-4', note: 'v1' },
      headers: { 'if-match': '0' },
    });
    expect(current.status).toBe(201);
    expect(current.body.revision).toBe('1');
    expect(await eventsOf('ctx-4')).toHaveLength(2);
  });

  it('refuses a malformed If-Match with 400 and appends nothing', async () => {
    const res = await t.request('POST', '/test/notes', {
      role: 'finance',
      body: { streamId: 'ctx-5', note: 'n' },
      headers: { 'if-match': 'latest' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'If-Match', message: expect.any(String) }]);
    expect(await eventsOf('ctx-5')).toEqual([]);
  });

  it('answers with revision and position as strings', async () => {
    const res = await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 'ctx-6', note: 'n' } });
    expect(res.body).toEqual({
      streamId: 'note-ctx-6',
      revision: '0',
      position: expect.stringMatching(/^\d+$/),
      eventIds: [expect.any(String)],
    });
  });
});
