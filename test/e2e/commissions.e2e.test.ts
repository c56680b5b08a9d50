import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/config/roles';
import type { TestApp } from '../support/test-app';
import { clockPast, command, eur, get, lastRecordedAt, read, SEP, startReadSideApp, storeOf, tellStory, type Story } from '../read-side/support/story';

describe('GET /v1/partners/{id}/commissions', () => {
  let t: TestApp;
  let story: Story;
  beforeAll(async () => {
    t = await startReadSideApp({ env: { LEDGER_QUERY_WAIT_MS: '1000' } });
    story = await tellStory(t);
  });
  afterAll(async () => t?.close());

  it('states the period: accruals on the terms in effect, the clawback, what was paid and the balance', async () => {
    const statement = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&minPosition=${story.position}`, 'finance');
    expect(statement).toMatchObject({
      partnerId: 'agency-network',
      period: '2026-09',
      currency: 'EUR',
      closed: true,
      accrued: eur(140_000),
      clawedBack: eur(25_000),
      bonuses: eur(0),
      adjustments: eur(0),
      capped: eur(0),
      payable: eur(115_000),
      paid: eur(115_000),
      balance: eur(0),
    });
    const byLine = Object.fromEntries(statement.lines.map((line: any) => [line.lineId, line]));
    expect(byLine['accrual:conv-agency-1']).toMatchObject({
      kind: 'accrual',
      amount: eur(100_000),
      referralId: 'ref-agency-1',
      conversionId: 'conv-agency-1',
      termsVersion: 1,
      rateBps: 5000,
      paid: true,
      payoutId: 'pay-agency',
    });
    // Computed on the amendment in effect at the conversion's business time, not on today's terms.
    expect(byLine['accrual:conv-agency-2']).toMatchObject({ amount: eur(40_000), termsVersion: 2, rateBps: 4000 });
    const clawback = statement.lines.find((line: any) => line.kind === 'clawback');
    expect(clawback).toMatchObject({ amount: eur(-25_000), conversionId: 'conv-agency-1', termsVersion: 1 });
    // Every line is traceable to the business event behind it.
    const [conversion] = await storeOf(t).readStream('referral-ref-agency-1', { fromRevision: 1n, maxCount: 1 });
    expect(byLine['accrual:conv-agency-1'].sourceEventId).toBe(conversion!.eventId);
  });

  it('reads its own write: a conversion answered with a position is on the statement asked with it', async () => {
    const converted = await command(t, '/v1/referrals/ref-agency-2/conversions', { conversionId: 'conv-agency-3', revenue: eur(10_000), occurredAt: SEP(29) }, 'finance');
    const statement = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&minPosition=${converted.body.position}`, 'auditor');
    expect(statement.lines.map((line: any) => line.lineId)).toContain('accrual:conv-agency-3');
  });

  it('answers 409 READ_MODEL_BEHIND when the position is not reached in time', async () => {
    const response = await get(t, '/v1/partners/agency-network/commissions?period=2026-09&minPosition=999999', 'finance');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('READ_MODEL_BEHIND');
  });

  it('as of an instant, shows only what was recorded by then, payments included', async () => {
    const before = await read(t, '/v1/partners/fitness-app/commissions?period=2026-09', 'finance');
    const asOf = await lastRecordedAt(t);
    await clockPast(asOf);
    const refunded = await command(t, `/v1/referrals/${story.fitnessReferralId}/refunds`, { conversionId: 'conv-run-1', refund: eur(1_000_000), occurredAt: SEP(30) }, 'finance');
    const now = await read(t, `/v1/partners/fitness-app/commissions?period=2026-09&minPosition=${refunded.body.position}`, 'finance');
    expect(now.clawedBack).toEqual(eur(150_000));
    expect(now.payable).toEqual(eur(0));

    const then = await read(t, `/v1/partners/fitness-app/commissions?period=2026-09&asOf=${asOf}`, 'finance');
    expect(then).toMatchObject({ asOf, accrued: eur(150_000), clawedBack: eur(0), payable: eur(150_000) });
    expect(then.lines).toEqual(before.lines);

    // Before anything of the agency's payout was recorded, nothing of it was paid.
    const [firstAccrual] = await storeOf(t).readStream('account-agency-network', { maxCount: 1 });
    const early = await read(t, `/v1/partners/agency-network/commissions?period=2026-09&asOf=${firstAccrual!.recordedAt}`, 'finance');
    expect(early).toMatchObject({ accrued: eur(100_000), paid: eur(0), balance: eur(100_000), closed: false });
    expect(early.lines).toHaveLength(1);
  });

  it('states an empty period in the partner’s currency, and a currency asked for', async () => {
    expect(await read(t, '/v1/partners/agency-network/commissions?period=2026-11', 'finance')).toMatchObject({
      currency: 'EUR',
      accrued: eur(0),
      lines: [],
    });
    expect(await read(t, '/v1/partners/agency-network/commissions?period=2026-09&currency=USD', 'finance')).toMatchObject({
      currency: 'USD',
      otherCurrencies: ['EUR'],
      payable: { amount: 0, currency: 'USD' },
    });
  });

  it('answers 404 for a partner nobody proposed, with or without a currency', async () => {
    for (const query of ['period=2026-09', 'period=2026-09&currency=EUR']) {
      const response = await get(t, `/v1/partners/nobody/commissions?${query}`, 'finance');
      expect(response.status, query).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });

  it.each([
    ['no period', ''],
    ['a malformed period', 'period=2026-13'],
    ['an asOf that is not an instant', 'period=2026-09&asOf=yesterday'],
    ['a malformed currency', 'period=2026-09&currency=euro'],
    ['a negative minPosition', 'period=2026-09&minPosition=-1'],
    ['an unknown parameter', 'period=2026-09&limit=3'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, query) => {
    const response = await get(t, `/v1/partners/agency-network/commissions?${query}`, 'finance');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a malformed partner id with 400', async () => {
    expect((await get(t, '/v1/partners/bad%20id/commissions?period=2026-09', 'finance')).status).toBe(400);
  });

  it.each(ROLES.map((role) => ({ role, allowed: ['finance', 'auditor', 'admin'].includes(role) })))(
    'authorization: $role allowed=$allowed',
    async ({ role, allowed }) => {
      const response = await get(t, '/v1/partners/agency-network/commissions?period=2026-09', role);
      expect(response.status).toBe(allowed ? 200 : 403);
    },
  );

  it('needs a key', async () => {
    expect((await t.request('GET', '/v1/partners/agency-network/commissions?period=2026-09')).status).toBe(401);
  });
});
