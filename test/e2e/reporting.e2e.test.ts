import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/config/roles';
import type { TestApp } from '../support/test-app';
import { eur, get, read, startReadSideApp, storeOf, tellStory, type Story } from '../read-side/support/story';

describe('reporting endpoints', () => {
  let t: TestApp;
  let story: Story;
  beforeAll(async () => {
    t = await startReadSideApp();
    story = await tellStory(t);
  });
  afterAll(async () => t?.close());

  describe('GET /v1/leaderboards', () => {
    it('ranks partners by net revenue, conversions and conversion rate', async () => {
      expect(await read(t, `/v1/leaderboards?period=2026-09&metric=revenue&minPosition=${story.position}`, 'partner-manager')).toEqual([
        { rank: 1, partnerId: 'fitness-app', value: eur(1_000_000) },
        { rank: 2, partnerId: 'agency-network', value: eur(250_000) },
      ]);
      expect(await read(t, '/v1/leaderboards?period=2026-09&metric=conversions', 'approver')).toEqual([
        { rank: 1, partnerId: 'agency-network', value: 2 },
        { rank: 2, partnerId: 'fitness-app', value: 1 },
      ]);
      // Equal rates: ordered by partnerId, every rank unique.
      expect(await read(t, '/v1/leaderboards?period=2026-09&metric=conversionRate&limit=1')).toEqual([
        { rank: 1, partnerId: 'agency-network', value: 1 },
      ]);
    });

    it('is empty for a period without activity', async () => {
      expect(await read(t, '/v1/leaderboards?period=2027-01')).toEqual([]);
    });

    it.each(['', 'period=2026-9', 'period=2026-09&metric=profit', 'period=2026-09&limit=0', 'period=2026-09&limit=1001', 'period=2026-09&top=3'])(
      'refuses ?%s with 400',
      async (query) => {
        const response = await get(t, `/v1/leaderboards?${query}`);
        expect([response.status, response.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      },
    );
  });

  describe('GET /v1/ledger/trial-balance', () => {
    it('balances per account and currency, each currency summing to zero', async () => {
      const balance = await read(t, `/v1/ledger/trial-balance?minPosition=${story.position}`, 'finance');
      const byAccount = Object.fromEntries(balance.accounts.map((row: any) => [row.account, row.balance]));
      expect(byAccount).toMatchObject({
        'commission-expense': eur(265_000),
        'partner-payable:agency-network': eur(0),
        'partner-payable:fitness-app': eur(-150_000),
        cash: eur(-115_000),
      });
      expect(balance.totals).toEqual([{ currency: 'EUR', debit: expect.any(Object), credit: expect.any(Object), balance: eur(0) }]);
      expect(balance.totals[0].debit.amount).toBe(balance.totals[0].credit.amount);
    });

    it('as of an instant, counts only the postings recorded by then', async () => {
      const account = await storeOf(t).readStream('account-agency-network');
      const reserved = account.find((event) => event.type === 'PayoutLinesReserved')!;
      const balance = await read(t, `/v1/ledger/trial-balance?asOf=${reserved.recordedAt}`, 'auditor');
      expect(balance.asOf).toBe(reserved.recordedAt);
      expect(balance.accounts.map((row: any) => row.account)).not.toContain('cash');
      expect(balance.totals.map((total: any) => total.balance)).toEqual([eur(0)]);
      const early = await read(t, '/v1/ledger/trial-balance?asOf=2020-01-01T00:00:00Z', 'auditor');
      expect(early).toMatchObject({ accounts: [], totals: [] });
    });

    it('refuses a malformed asOf with 400', async () => {
      expect((await get(t, '/v1/ledger/trial-balance?asOf=2026-13-01', 'finance')).status).toBe(400);
    });
  });

  describe('GET /v1/alerts', () => {
    it('lists the open alerts: the KPI breach and the concentration over 40%', async () => {
      const alerts = await read(t, `/v1/alerts?minPosition=${story.position}`, 'partner-manager');
      expect(alerts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'kpi-breach', status: 'open', partnerId: 'fitness-app', agreementId: 'agr-fitness', metric: 'conversionRate' }),
          expect.objectContaining({ type: 'concentration', status: 'open', partnerId: 'fitness-app', revenue: eur(1_000_000), total: eur(1_250_000), maxShare: 0.4 }),
        ]),
      );
      expect(alerts).toHaveLength(2);
    });

    it('filters by type', async () => {
      expect((await read(t, '/v1/alerts?type=concentration')).map((a: any) => a.type)).toEqual(['concentration']);
      expect((await read(t, '/v1/alerts?type=kpi-breach')).map((a: any) => a.type)).toEqual(['kpi-breach']);
      expect(await read(t, '/v1/alerts?type=termination-recommended')).toEqual([]);
      expect((await get(t, '/v1/alerts?type=fire')).status).toBe(400);
    });
  });

  describe('authorization', () => {
    const ANY: Role[] = [...ROLES];
    const endpoints: Array<{ path: string; allowed: Role[] }> = [
      { path: '/v1/leaderboards?period=2026-09', allowed: ANY },
      { path: '/v1/ledger/trial-balance', allowed: ['finance', 'auditor', 'admin'] },
      { path: '/v1/alerts', allowed: ANY },
    ];
    const cases = endpoints.flatMap((endpoint) => ROLES.map((role) => ({ ...endpoint, role, allow: endpoint.allowed.includes(role) })));

    it.each(cases)('$path as $role: allowed=$allow', async ({ path, role, allow }) => {
      const response = await get(t, path, role);
      if (allow) expect(response.status).toBe(200);
      else expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    });

    it.each(endpoints.map((e) => e.path))('%s without a key is 401', async (path) => {
      expect((await t.request('GET', path)).status).toBe(401);
    });
  });
});

describe('the concentration limit comes from LEDGER_CONCENTRATION_MAX_SHARE', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('raises no alert for a share under a higher limit', async () => {
    t = await startReadSideApp({ env: { LEDGER_CONCENTRATION_MAX_SHARE: '0.85' } });
    const story = await tellStory(t);
    expect(await read(t, `/v1/alerts?type=concentration&minPosition=${story.position}`)).toEqual([]);
  });
});
