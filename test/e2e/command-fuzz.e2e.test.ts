import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleService } from '../support/settle-service';
import { startTestApp, type TestApp, type TestRequestOptions, type TestResponse } from '../support/test-app';
import { head, storeOf } from './partners.fixtures';
import {
  buildFixtures,
  COMMAND_CASES,
  corruptionOf,
  detailsAbout,
  EXTRA_API_KEYS,
  pathOf,
  RULE_VIOLATIONS,
  type CommandCase,
  type Corruption,
  type Request,
} from './support/near-valid-bodies';

/**
 * Thousands of malformed bodies against every command endpoint of API.md: the answer is always the 4xx the
 * contract gives (never a 5xx, never a 2xx) and the store's head position does not move.
 *
 * The bodies are near-valid: each starts from a body the endpoint accepts against fixtures that exist (the last
 * test sends every one of them unchanged and expects 201), and fast-check applies ONE corruption to it — a
 * required field dropped, a wrong type, an amount that is negative / fractional / unsafe / infinite, an invalid
 * currency / instant / period / id / promo code / enum value, an over-long string, an unknown field nested
 * anywhere, a deeply nested object, an empty or over-long array, a body over 1 MiB, prototype-pollution keys,
 * a bad path parameter… So a refusal is the corruption's doing, not a missing partner or a stray field; a 400
 * must name the corrupted field in its details. Besides, well-formed bodies that break a business rule must
 * be refused by their handler with the documented status and code, appending nothing.
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

const RUNS_PER_CASE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 120);
const RUNS_WITH_IDEMPOTENCY_KEY = Number(process.env.FUZZ_RUNS_WITH_IDEMPOTENCY_KEY ?? 400);
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };

/** A well-formed If-Match on some requests: it must not change the answer to a malformed body. */
const ifMatch = fc.option(fc.nat({ max: 50 }).map((n) => ({ 'if-match': String(n) })), { freq: 3 }).map((h) => h ?? {});

/**
 * An Idempotency-Key (fingerprinted by the idempotency interceptor before the body is validated): it must not
 * change the answer to a malformed body either.
 */
const idempotencyKey = fc.nat().map((n): Record<string, string> => ({ 'idempotency-key': `fz-fuzz-${n}` }));

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const rawGarbage = fc.oneof(
  // Broken JSON. `{` followed by a random string can close into valid JSON (`{}`, `{ }`), which a route with an
  // empty body schema rightly accepts: those are not garbage and are left out.
  fc
    .string({ maxLength: 200 })
    .map((s) => `{${s}`)
    .filter((text) => !parses(text)),
  fc.constant('{"partnerId": }'),
  fc.constant('[1,2,'),
  // Well-formed, but prototype poisoning: the parser refuses these before any field is looked at.
  fc.constant('{"partnerId":"p1","__proto__":{"admin":true}}'),
  fc.constant('{"reason":{"constructor":{"prototype":{"admin":true}}}}'),
);

const shape = (route: string) => route.replace(/\{[^}]+\}/g, '{}');

function options(req: Request): Pick<TestRequestOptions, 'body' | 'rawBody'> {
  if (req.rawBody !== undefined) return { rawBody: req.rawBody };
  return req.body !== undefined ? { body: req.body } : {};
}

function preview(req: Request): string {
  const text = req.rawBody ?? (req.body === undefined ? '(no body)' : JSON.stringify(req.body));
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
}

describe('command endpoints under near-valid malformed input', () => {
  let t: TestApp;
  let sent = 0;
  const statuses = new Map<number, number>();

  async function send(method: string, path: string, opts: TestRequestOptions): Promise<TestResponse> {
    sent++;
    const response = await t.request(method, path, opts);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response;
  }

  /** What a refused request appended after all (for the failure message). */
  async function appendedSince(position: bigint): Promise<string> {
    const events = await storeOf(t).readAll({ after: position });
    return events.map((e) => `${e.streamId}#${e.revision} ${e.type} ${JSON.stringify(e.data)}`).join('\n  ');
  }

  async function expectNothingAppended(before: bigint, where: string): Promise<void> {
    if ((await head(t)) !== before) expect.fail(`appended:\n  ${await appendedSince(before)}\nby ${where}`);
  }

  /** One corrupted request: its 4xx (the expected one), a 400 that names the field, and nothing appended. */
  async function check(c: CommandCase, corruption: Corruption, headers: Record<string, string>): Promise<void> {
    const req = corruption.build(c);
    const before = await head(t);
    const res = await send('POST', req.path, { role: c.role, headers, ...options(req) });
    const where = `${c.name} — ${corruption.label}\nPOST ${req.path} ${JSON.stringify(headers)} ${preview(req)}\n→ ${res.status} ${res.text.slice(0, 800)}`;
    expect(res.status, where).toBeGreaterThanOrEqual(400);
    expect(res.status, where).toBeLessThan(500);
    expect(corruption.expect.statuses, where).toContain(res.status);
    if (corruption.expect.code !== undefined) expect(res.body?.error?.code, where).toBe(corruption.expect.code);
    else expect(res.body?.error?.code, where).toEqual(expect.any(String));
    if (res.status === 400 && corruption.about !== undefined) {
      expect(detailsAbout(res.body?.error?.details, corruption.about), `details do not name ${corruption.about}: ${where}`).toBe(true);
    }
    await expectNothingAppended(before, where);
  }

  beforeAll(async () => {
    t = await startTestApp({ extraApiKeys: EXTRA_API_KEYS });
    await buildFixtures(t);
    // Nothing may still be appending in the background once the fuzzing starts.
    await settleService(t);
  });
  afterAll(async () => {
    console.info(`command fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    await t.close();
  });

  it('documents every command endpoint of API.md, and has a near-valid body for each', async () => {
    const doc = (await t.request('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => shape(path));
    expect(documented).toEqual(expect.arrayContaining(API_COMMANDS));
    expect([...new Set(COMMAND_CASES.map((c) => shape(c.route)))].sort()).toEqual([...API_COMMANDS].sort());
  });

  it.each(COMMAND_CASES.map((c) => [c.name, c] as const))(
    'answers a near-valid body with one corruption with its 4xx and appends nothing — %s',
    async (_name, c) => {
      await fc.assert(
        fc.asyncProperty(corruptionOf(c), ifMatch, (corruption, headers) => check(c, corruption, headers)),
        { numRuns: RUNS_PER_CASE, ...SEED },
      );
    },
  );

  it('answers the same with an Idempotency-Key on the request, on every command endpoint', async () => {
    const anyCorruption = fc.constantFrom(...COMMAND_CASES).chain((c) => corruptionOf(c).map((corruption) => [c, corruption] as const));
    await fc.assert(
      fc.asyncProperty(anyCorruption, idempotencyKey, ([c, corruption], headers) => check(c, corruption, headers)),
      { numRuns: RUNS_WITH_IDEMPOTENCY_KEY, ...SEED },
    );
  });

  it.each(RULE_VIOLATIONS.map((r) => [r.name, r] as const))('refuses a business-rule violation — %s', async (_name, violation) => {
    const before = await head(t);
    const res = await send('POST', violation.path, {
      ...(violation.key ? { key: violation.key } : { role: violation.role! }),
      ...(violation.headers ? { headers: violation.headers } : {}),
      body: violation.body,
    });
    const where = `POST ${violation.path} ${JSON.stringify(violation.headers ?? {})} ${JSON.stringify(violation.body)}\n→ ${res.status} ${res.text.slice(0, 800)}`;
    expect(res.status, where).toBe(violation.expect.status);
    expect(res.body?.error?.code, where).toBe(violation.expect.code ?? expect.any(String));
    await expectNothingAppended(before, where);
  });

  it('answers broken or prototype-poisoning JSON on every command route with 400, and appends nothing', async () => {
    const doc = (await t.request('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => path.replace(/\{[^}]+\}/g, 'fuzz-id-1'));
    for (const path of routes) {
      await fc.assert(
        fc.asyncProperty(rawGarbage, async (rawBody) => {
          const before = await head(t);
          const res = await send('POST', path, { role: 'admin', rawBody });
          const where = `POST ${path} ${rawBody} → ${res.status} ${res.text}`;
          expect(res.status, where).toBe(400);
          await expectNothingAppended(before, where);
        }),
        { numRuns: 10, ...SEED },
      );
    }
  });

  // Last, because it changes the world: proves that every base body was valid, i.e. that each refusal above
  // was the corruption's doing.
  it('accepts every near-valid body unchanged (the bases of the corruptions are valid)', async () => {
    for (const c of COMMAND_CASES) {
      const res = await send('POST', pathOf(c), { role: c.role, body: c.body });
      expect(res.status, `${c.name}: POST ${pathOf(c)} ${JSON.stringify(c.body)} → ${res.text}`).toBe(201);
    }
  });
});
