import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/config/roles';
import { startTestApp, type TestApp } from '../support/test-app';
import { head } from './partners.fixtures';

/**
 * Every partner-side endpoint × every role: allowed roles get past the guard (the empty or unknown-id request then
 * fails validation or lookup, never 401/403), every other role gets 403 FORBIDDEN, and nothing is appended.
 */
const ANY: Role[] = [...ROLES];
const MANAGER: Role[] = ['partner-manager', 'admin'];
const FINANCE: Role[] = ['finance', 'admin'];

const ENDPOINTS: Array<{ method: 'GET' | 'POST'; path: string; allowed: Role[] }> = [
  { method: 'POST', path: '/v1/partners', allowed: MANAGER },
  { method: 'POST', path: '/v1/partners/p-1/screenings', allowed: MANAGER },
  { method: 'POST', path: '/v1/partners/p-1/approval', allowed: MANAGER },
  { method: 'POST', path: '/v1/partners/p-1/rejection', allowed: MANAGER },
  { method: 'GET', path: '/v1/partners/p-1', allowed: ANY },
  { method: 'POST', path: '/v1/agreements', allowed: MANAGER },
  { method: 'POST', path: '/v1/agreements/a-1/amendments', allowed: MANAGER },
  { method: 'POST', path: '/v1/agreements/a-1/termination', allowed: MANAGER },
  { method: 'POST', path: '/v1/agreements/a-1/kpi-measurements', allowed: MANAGER },
  { method: 'GET', path: '/v1/agreements/a-1', allowed: ANY },
  { method: 'POST', path: '/v1/offers', allowed: MANAGER },
  { method: 'POST', path: '/v1/offers/o-1/redemptions', allowed: MANAGER },
  { method: 'GET', path: '/v1/offers/o-1', allowed: ANY },
  { method: 'POST', path: '/v1/referrals', allowed: MANAGER },
  { method: 'POST', path: '/v1/referrals/r-1/conversions', allowed: FINANCE },
  { method: 'POST', path: '/v1/referrals/r-1/refunds', allowed: FINANCE },
  { method: 'GET', path: '/v1/referrals/r-1', allowed: ANY },
];

describe('authorization of the partner-side endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases = ENDPOINTS.flatMap((endpoint) => ROLES.map((role) => ({ ...endpoint, role, allow: endpoint.allowed.includes(role) })));

  it.each(cases)('$method $path as $role: allowed=$allow', async ({ method, path, role, allow }) => {
    const before = await head(t);
    const response = await t.request(method, path, { role, ...(method === 'POST' ? { body: {} } : {}) });
    if (allow) {
      expect([400, 404]).toContain(response.status);
    } else {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect(await head(t)).toBe(before);
  });

  it.each(ENDPOINTS)('$method $path without a key is 401', async ({ method, path }) => {
    const response = await t.request(method, path, method === 'POST' ? { body: {} } : {});
    expect(response.status).toBe(401);
  });
});
