import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STORE } from '../../src/api/core/tokens';
import type { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Thousands of malformed bodies against every command endpoint the service documents: the answer is always a
 * 4xx (never a 5xx) and nothing is appended. Routes are discovered from the live OpenAPI document, so a new
 * command endpoint is fuzzed without touching this test.
 */
const API_COMMANDS = [
  '/v1/partners',
  '/v1/partners/{}/screenings',
  '/v1/partners/{}/approval',
  '/v1/partners/{}/rejection',
  '/v1/agreements',
  '/v1/agreements/{}/amendments',
  '/v1/agreements/{}/termination',
  '/v1/agreements/{}/kpi-measurements',
  '/v1/offers',
  '/v1/offers/{}/redemptions',
  '/v1/referrals',
  '/v1/referrals/{}/conversions',
  '/v1/referrals/{}/refunds',
  '/v1/partners/{}/periods/{}/close',
  '/v1/payouts',
  '/v1/payouts/{}/approval',
  '/v1/payouts/{}/payment',
  '/v1/disputes',
  '/v1/disputes/{}/evidence',
  '/v1/disputes/{}/resolution',
];

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 150);

// Always malformed: not an object, or an object carrying a field no schema knows (bodies are strict).
const malformedBody = fc.oneof(
  fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 5 })),
  fc
    .tuple(fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 3 }), { maxKeys: 6 }), fc.anything({ maxDepth: 2 }))
    .map(([object, junk]) => ({ ...object, zzUnknownField: junk })),
);

const rawGarbage = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => `{${s}`),
  fc.constant('{"partnerId": }'),
  fc.constant('[1,2,'),
);

describe('command endpoints under malformed input', () => {
  let t: TestApp;
  let store: EventStore;
  let routes: string[];

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const doc = (await t.request('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => path.replace(/\{[^}]+\}/g, 'fuzz-id-1'));
  });
  afterAll(async () => t.close());

  it('documents every command endpoint of API.md', async () => {
    const doc = (await t.request('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => path.replace(/\{[^}]+\}/g, '{}'));
    expect(documented).toEqual(expect.arrayContaining(API_COMMANDS));
  });

  it('answers every malformed JSON body with a 4xx and appends nothing', async () => {
    const head = await store.headPosition();
    const statuses = new Map<number, number>();
    for (const path of routes) {
      await fc.assert(
        fc.asyncProperty(malformedBody, async (body) => {
          const res = await t.request('POST', path, { role: 'admin', body });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeLessThan(500);
          expect(res.body?.error?.code, res.text).toEqual(expect.any(String));
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect(await store.headPosition()).toBe(head);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });

  it('answers syntactically broken JSON with 400 and appends nothing', async () => {
    const head = await store.headPosition();
    for (const path of routes) {
      await fc.assert(
        fc.asyncProperty(rawGarbage, async (rawBody) => {
          const res = await t.request('POST', path, { role: 'admin', rawBody });
          expect(res.status, `${path} ${rawBody} → ${res.text}`).toBe(400);
        }),
        { numRuns: 20 },
      );
    }
    expect(await store.headPosition()).toBe(head);
  });
});
