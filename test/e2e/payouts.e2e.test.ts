import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { close, eur, head, networkWithOneConversion, OCT, refund, streamEvents, streamTypes } from './payouts.setup';

describe('e2e: payouts', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ extraApiKeys: ['approver:alice:alice-approves'] });
  });
  afterEach(async () => app.close());

  const prepare = (body: Record<string, unknown> = {}, role: 'finance' | 'admin' = 'finance') =>
    app.request('POST', '/v1/payouts', { role, body: { payoutId: 'pay-1', partnerId: 'agency-network', period: '2026-09', occurredAt: OCT(2, 9), ...body } });

  it('accrues a conversion inline: the conversion’s answer covers the accrual on the account', async () => {
    const converted = await networkWithOneConversion(app);
    const [accrual] = await streamEvents(app, 'account-agency-network');
    expect(accrual).toMatchObject({ type: 'CommissionAccrued', data: { commission: eur(100_000) } });
    expect(BigInt(converted.position)).toBe(accrual!.position);
  });

  it('prepares, approves (four eyes) and pays a payout; the statement says who did what and when', async () => {
    await networkWithOneConversion(app);
    await close(app, 'agency-network', '2026-09', OCT(1, 8));

    const prepared = await prepare();
    expect(prepared.status).toBe(201);
    expect(prepared.body).toMatchObject({
      streamId: 'payout-pay-1',
      payoutId: 'pay-1',
      total: eur(100_000),
      lines: [{ lineId: 'accrual:conv-agency-network-1', kind: 'accrual', amount: eur(100_000), period: '2026-09', conversionId: 'conv-agency-network-1' }],
    });

    const sameApprover = await app.request('POST', '/v1/payouts/pay-1/approval', { key: 'alice-approves', body: {} });
    expect(sameApprover.status).toBe(422);
    expect(sameApprover.body.error.code).toBe('SAME_PERSON_APPROVAL');

    const notApproved = await app.request('POST', '/v1/payouts/pay-1/payment', { role: 'finance', body: { bankReference: 'SEPA-1' } });
    expect(notApproved.status).toBe(422);
    expect(notApproved.body.error.code).toBe('PAYOUT_NOT_APPROVED');

    const approved = await app.request('POST', '/v1/payouts/pay-1/approval', { role: 'approver', body: { occurredAt: OCT(2, 11) } });
    expect(approved.status).toBe(201);
    const againApproved = await app.request('POST', '/v1/payouts/pay-1/approval', { role: 'approver' });
    expect([againApproved.status, againApproved.body.error.code]).toEqual([409, 'PAYOUT_ALREADY_APPROVED']);

    const paid = await app.request('POST', '/v1/payouts/pay-1/payment', { role: 'finance', body: { bankReference: 'SEPA-NET-0926', occurredAt: OCT(3, 9) } });
    expect(paid.status).toBe(201);
    // The answer's position covers the settlement on the account.
    expect(BigInt(paid.body.position)).toBe(await head(app));
    expect(await streamTypes(app, 'account-agency-network')).toEqual(['CommissionAccrued', 'PeriodClosed', 'PayoutLinesReserved', 'PayoutSettled']);

    const twice = await app.request('POST', '/v1/payouts/pay-1/payment', { role: 'finance', body: { bankReference: 'SEPA-AGAIN' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'PAYOUT_ALREADY_PAID']);

    const statement = await app.request('GET', '/v1/payouts/pay-1', { role: 'auditor' });
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({
      payoutId: 'pay-1',
      partnerId: 'agency-network',
      period: '2026-09',
      status: 'paid',
      total: eur(100_000),
      prepared: { by: 'alice', actor: { principalId: 'alice', role: 'finance' }, occurredAt: '2026-10-02T09:00:00.000Z' },
      approved: { by: 'bob', actor: { principalId: 'bob', role: 'approver' }, occurredAt: '2026-10-02T11:00:00.000Z' },
      paid: { by: 'alice', bankReference: 'SEPA-NET-0926', occurredAt: '2026-10-03T09:00:00.000Z' },
    });
    expect(typeof statement.body.prepared.recordedAt).toBe('string');
  });

  it('answers a retried preparation with the original payout (200) and appends nothing', async () => {
    await networkWithOneConversion(app);
    await close(app, 'agency-network', '2026-09', OCT(1, 8));
    const first = await prepare();
    const before = await head(app);
    const again = await prepare();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ eventIds: first.body.eventIds, position: first.body.position, total: eur(100_000) });
    expect(await head(app)).toBe(before);
    const other = await prepare({ period: '2026-10' });
    expect(other.status).toBe(409);
  });

  it('never puts a line in two payouts: a second payout finds nothing to pay', async () => {
    await networkWithOneConversion(app);
    await close(app, 'agency-network', '2026-09', OCT(1, 8));
    await prepare();
    const before = await head(app);
    const second = await prepare({ payoutId: 'pay-2' });
    expect([second.status, second.body.error.code]).toEqual([422, 'NOTHING_TO_PAY']);
    expect(await head(app)).toBe(before);
  });

  it('nets a clawback after payment against the next payout, and carries a negative balance over', async () => {
    await networkWithOneConversion(app);
    await close(app, 'agency-network', '2026-09', OCT(1, 8));
    await prepare();
    await app.request('POST', '/v1/payouts/pay-1/approval', { role: 'approver', body: {} });
    await app.request('POST', '/v1/payouts/pay-1/payment', { role: 'finance', body: { bankReference: 'SEPA-1' } });
    await refund(app, 'ref-agency-network-1', 'conv-agency-network-1', 200_000, OCT(10));
    await close(app, 'agency-network', '2026-10', '2026-11-01T08:00:00Z');
    const nothing = await prepare({ payoutId: 'pay-oct', period: '2026-10', occurredAt: '2026-11-02T09:00:00Z' });
    expect([nothing.status, nothing.body.error.code]).toEqual([422, 'NOTHING_TO_PAY']);
    expect(nothing.body.error.details).toMatchObject({ total: eur(-100_000) });
  });

  it('refuses every malformed or premature request with its code, appending nothing', async () => {
    await networkWithOneConversion(app);
    const before = await head(app);
    const notClosed = await prepare();
    expect([notClosed.status, notClosed.body.error.code]).toEqual([422, 'PERIOD_NOT_CLOSED']);
    const unknownField = await prepare({ extra: 1 });
    expect([unknownField.status, unknownField.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badPeriod = await prepare({ period: '2026-13' });
    expect(badPeriod.status).toBe(400);
    const noPartner = await prepare({ partnerId: 'ghost' });
    expect([noPartner.status, noPartner.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const unknownPayout = await app.request('POST', '/v1/payouts/nope/approval', { role: 'approver', body: {} });
    expect([unknownPayout.status, unknownPayout.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const noBankReference = await app.request('POST', '/v1/payouts/nope/payment', { role: 'finance', body: {} });
    expect(noBankReference.status).toBe(400);
    expect((await app.request('GET', '/v1/payouts/nope', { role: 'finance' })).status).toBe(404);
    expect(await head(app)).toBe(before);
  });

  it('authorises each payout endpoint to its roles only (admin may do everything)', async () => {
    const matrix: Array<[string, string, string[]]> = [
      ['POST', '/v1/payouts', ['finance', 'admin']],
      ['POST', '/v1/payouts/x/approval', ['approver', 'admin']],
      ['POST', '/v1/payouts/x/payment', ['finance', 'admin']],
      ['GET', '/v1/payouts/x', ['finance', 'auditor', 'admin']],
    ];
    for (const [method, path, allowed] of matrix) {
      for (const role of ['partner-manager', 'finance', 'approver', 'auditor', 'admin'] as const) {
        const response = await app.request(method, path, { role, ...(method === 'POST' ? { body: {} } : {}) });
        // Allowed: past the guard to the handler, which refuses the empty body or unknown id (never 401/403, never 5xx).
        if (allowed.includes(role)) expect([400, 404, 409, 422], `${role} ${method} ${path}: ${response.status}`).toContain(response.status);
        else expect(response.status, `${role} ${method} ${path}`).toBe(403);
      }
      expect((await app.request(method, path, method === 'POST' ? { body: {} } : {})).status).toBe(401);
    }
  });
});
