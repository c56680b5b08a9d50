import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { eur, head, onboard, referAndConvert, SEP, sign, streamEvents } from './payouts.setup';

const CLOSE_AT = '2026-10-01T08:00:00Z';

describe('e2e: closing a period', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.close());

  const closeSep = (partnerId: string, body: unknown = { occurredAt: CLOSE_AT }) =>
    app.request('POST', `/v1/partners/${partnerId}/periods/2026-09/close`, { role: 'finance', body });

  it('the agency and the creator at 60/40 with retention 86% > 80% each earn +10% of their period commission', async () => {
    const retention = { kind: 'retention', minRate: 0.8, bonusBps: 1000 };
    for (const [partnerId, rateBps] of [['mkt-agency', 6000], ['creator', 4000]] as const) {
      await onboard(app, partnerId);
      await sign(app, `agr-${partnerId}`, partnerId, {
        currency: 'EUR',
        commission: { type: 'percentage', rateBps },
        bonuses: [retention],
        kpis: [{ metric: 'retentionRate', target: { min: 0.7 } }],
      });
      await referAndConvert(app, { referralId: `ref-${partnerId}`, agreementId: `agr-${partnerId}`, conversionId: `conv-${partnerId}`, amount: 1_000_000, at: SEP(20) });
      const measured = await app.request('POST', `/v1/agreements/agr-${partnerId}/kpi-measurements`, {
        role: 'partner-manager',
        body: { metric: 'retentionRate', period: '2026-09', value: 0.86, occurredAt: SEP(30, 18) },
      });
      expect(measured.status).toBeLessThan(300);
      const closed = await closeSep(partnerId);
      expect(closed.status).toBe(201);
      expect(closed.body.eventIds).toHaveLength(2);
    }
    const bonus = async (partnerId: string) => (await streamEvents(app, `account-${partnerId}`)).find((e) => e.type === 'BonusAwarded')!.data;
    expect(await bonus('mkt-agency')).toMatchObject({ kind: 'retention', base: eur(600_000), amount: eur(60_000), evidence: { retentionRate: 0.86 } });
    expect(await bonus('creator')).toMatchObject({ kind: 'retention', base: eur(400_000), amount: eur(40_000) });
  });

  it('the e-commerce platform earns its milestone bonus on tiered commissions: 4 orders > 3 → +5% of 780.00 EUR', async () => {
    await onboard(app, 'shop-platform');
    await sign(app, 'agr-shop', 'shop-platform', {
      currency: 'EUR',
      commission: { type: 'tiered', tiers: [{ fromAmount: 0, rateBps: 500 }, { fromAmount: 500_000, rateBps: 800 }] },
      bonuses: [{ kind: 'milestone', minAnnualOrders: 3, bonusBps: 500 }],
    });
    for (let i = 1; i <= 4; i++) {
      await referAndConvert(app, { referralId: `ref-shop-${i}`, agreementId: 'agr-shop', conversionId: `conv-shop-${i}`, amount: 300_000, at: SEP(10 + i) });
    }
    const closed = await closeSep('shop-platform');
    expect(closed.status).toBe(201);
    const account = await streamEvents(app, 'account-shop-platform');
    expect(account.filter((e) => e.type === 'CommissionAccrued').map((e) => e.data.commission.amount)).toEqual([15_000, 15_000, 24_000, 24_000]);
    expect(account.find((e) => e.type === 'BonusAwarded')!.data).toMatchObject({ kind: 'milestone', base: eur(78_000), amount: eur(3_900), evidence: { annualOrders: 4 } });
    expect(account[account.length - 1]).toMatchObject({ type: 'PeriodClosed', data: { partnerId: 'shop-platform', period: '2026-09' } });
    expect(BigInt(closed.body.position)).toBe(account[account.length - 1]!.position);
  });

  it('caps a period’s commissions plus bonuses at capPerPeriod', async () => {
    await onboard(app, 'capped');
    await sign(app, 'agr-capped', 'capped', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 }, capPerPeriod: eur(50_000) });
    await referAndConvert(app, { referralId: 'ref-c', agreementId: 'agr-capped', conversionId: 'conv-c', amount: 180_000, at: SEP(10) });
    expect((await closeSep('capped')).status).toBe(201);
    const capped = (await streamEvents(app, 'account-capped')).find((e) => e.type === 'CommissionCapped');
    expect(capped!.data).toMatchObject({ cap: eur(50_000), amount: eur(40_000), lineId: 'cap:agr-capped:2026-09' });
  });

  it('closes a period once, only after it has ended, for a known partner — refusals append nothing', async () => {
    await onboard(app, 'p1');
    const early = await closeSep('p1', { occurredAt: '2026-09-30T12:00:00Z' });
    expect([early.status, early.body.error.code]).toEqual([422, 'PERIOD_NOT_ENDED']);
    expect((await closeSep('p1')).status).toBe(201);
    const before = await head(app);
    const twice = await closeSep('p1');
    expect([twice.status, twice.body.error.code]).toEqual([409, 'PERIOD_ALREADY_CLOSED']);
    const ghost = await closeSep('ghost');
    expect([ghost.status, ghost.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const badPeriod = await app.request('POST', '/v1/partners/p1/periods/2026-9/close', { role: 'finance', body: {} });
    expect([badPeriod.status, badPeriod.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknownField = await closeSep('p1', { occurredAt: CLOSE_AT, bonus: 1 });
    expect(unknownField.status).toBe(400);
    expect(await head(app)).toBe(before);
  });

  it('accepts a close without a body (business time now)', async () => {
    await onboard(app, 'p1');
    const closed = await app.request('POST', '/v1/partners/p1/periods/2020-01/close', { role: 'finance' });
    expect(closed.status).toBe(201);
  });

  it('lets only finance (and admin) close a period', async () => {
    for (const role of ['partner-manager', 'finance', 'approver', 'auditor', 'admin'] as const) {
      const response = await app.request('POST', '/v1/partners/x/periods/2026-09/close', { role, body: {} });
      if (role === 'finance' || role === 'admin') expect(response.status, role).toBe(404);
      else expect(response.status, role).toBe(403);
    }
    expect((await app.request('POST', '/v1/partners/x/periods/2026-09/close', { body: {} })).status).toBe(401);
  });
});
