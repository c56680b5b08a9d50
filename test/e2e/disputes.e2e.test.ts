import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { eur, head, networkWithOneConversion, OCT, onboard, streamEvents } from './payouts.setup';

describe('e2e: disputes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.close());

  const openBody = {
    disputeId: 'disp-net-1',
    partnerId: 'agency-network',
    subject: { type: 'commission', id: 'conv-agency-network-1' },
    claim: eur(5_000),
    description: 'Campaign landing page bookings were not attributed',
    occurredAt: OCT(2),
  };
  const open = (body: Record<string, unknown> = openBody, role: 'partner-manager' | 'finance' = 'partner-manager') =>
    app.request('POST', '/v1/disputes', { role, body });
  const resolve = (body: Record<string, unknown>) => app.request('POST', '/v1/disputes/disp-net-1/resolution', { role: 'finance', body });

  it('opens a dispute, attaches evidence, and resolves it with an adjustment posted to the account', async () => {
    await networkWithOneConversion(app);
    const opened = await open();
    expect(opened.status).toBe(201);
    expect((await open()).status).toBe(200); // a retry
    expect((await open({ ...openBody, description: 'something else' })).status).toBe(409);

    const evidence = await app.request('POST', '/v1/disputes/disp-net-1/evidence', {
      role: 'approver',
      body: { description: 'Booking export with UTM tags', reference: 'doc://evidence/utm-export.csv', occurredAt: OCT(3) },
    });
    expect(evidence.status).toBe(201);

    const resolved = await resolve({ outcome: 'partial', adjustment: eur(2_500), reason: 'half of the claimed bookings carry the partner’s tags', occurredAt: OCT(5) });
    expect(resolved.status).toBe(201);
    const account = await streamEvents(app, 'account-agency-network');
    const adjustment = account.find((e) => e.type === 'AdjustmentPosted')!;
    expect(adjustment.data).toMatchObject({ lineId: 'adjustment:disp-net-1', amount: eur(2_500), period: '2026-10', sourceEventId: resolved.body.eventIds[0] });
    expect(adjustment.metadata).toMatchObject({ causationId: resolved.body.eventIds[0], actor: { role: 'system' } });
    // The answer's position covers the adjustment.
    expect(BigInt(resolved.body.position)).toBe(adjustment.position);

    const view = await app.request('GET', '/v1/disputes/disp-net-1', { role: 'auditor' });
    expect(view.body).toMatchObject({
      status: 'resolved',
      claim: eur(5_000),
      opened: { actor: { principalId: 'paula', role: 'partner-manager' } },
      evidence: [{ description: 'Booking export with UTM tags', actor: { principalId: 'bob', role: 'approver' } }],
      resolution: { outcome: 'partial', adjustment: eur(2_500), actor: { principalId: 'alice' } },
    });

    // On the statement: every line names its terms version; an adjustment was computed under none.
    const statement = await app.request('GET', `/v1/partners/agency-network/commissions?period=2026-10&minPosition=${adjustment.position}`, {
      role: 'finance',
    });
    expect(statement.status, statement.text).toBe(200);
    expect(statement.body.adjustments).toEqual(eur(2_500));
    expect(statement.body.lines).toEqual([
      expect.objectContaining({ kind: 'adjustment', amount: eur(2_500), sourceEventId: resolved.body.eventIds[0], termsVersion: null }),
    ]);
  });

  it('resolves once, and takes no evidence after the resolution', async () => {
    await onboard(app, 'agency-network');
    await open();
    expect((await resolve({ outcome: 'rejected', reason: 'not attributable' })).status).toBe(201);
    const before = await head(app);
    const twice = await resolve({ outcome: 'upheld', reason: 'changed our mind' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DISPUTE_ALREADY_RESOLVED']);
    const late = await app.request('POST', '/v1/disputes/disp-net-1/evidence', { role: 'finance', body: { description: 'too late' } });
    expect([late.status, late.body.error.code]).toEqual([422, 'DISPUTE_RESOLVED']);
    expect(await streamEvents(app, 'account-agency-network')).toEqual([]);
    expect(await head(app)).toBe(before);
  });

  it('refuses bad requests with their codes, appending nothing', async () => {
    await onboard(app, 'agency-network');
    await onboard(app, 'other');
    await open();
    const before = await head(app);
    const ghostPartner = await open({ ...openBody, disputeId: 'd2', partnerId: 'ghost' });
    expect([ghostPartner.status, ghostPartner.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const foreignReferral = await open({ ...openBody, disputeId: 'd3', partnerId: 'other', subject: { type: 'referral', id: 'no-such-referral' } });
    expect([foreignReferral.status, foreignReferral.body.error.code]).toEqual([422, 'UNKNOWN_SUBJECT']);
    const badSubject = await open({ ...openBody, disputeId: 'd4', subject: { type: 'invoice', id: 'x' } });
    expect([badSubject.status, badSubject.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const rejectedWithMoney = await resolve({ outcome: 'rejected', adjustment: eur(100), reason: 'no' });
    expect([rejectedWithMoney.status, rejectedWithMoney.body.error.code]).toEqual([422, 'ADJUSTMENT_NOT_ALLOWED']);
    const noReason = await resolve({ outcome: 'upheld' });
    expect(noReason.status).toBe(400);
    const zero = await resolve({ outcome: 'upheld', adjustment: eur(0), reason: 'x' });
    expect(zero.status).toBe(400);
    const unknown = await app.request('POST', '/v1/disputes/nope/evidence', { role: 'finance', body: { description: 'x' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await app.request('GET', '/v1/disputes/nope', { role: 'auditor' })).status).toBe(404);
    expect(await head(app)).toBe(before);
  });

  it('authorises each dispute endpoint to its roles only (admin may do everything)', async () => {
    const matrix: Array<[string, string, string[]]> = [
      ['POST', '/v1/disputes', ['partner-manager', 'finance', 'admin']],
      ['POST', '/v1/disputes/x/evidence', ['partner-manager', 'finance', 'approver', 'admin']],
      ['POST', '/v1/disputes/x/resolution', ['finance', 'admin']],
      ['GET', '/v1/disputes/x', ['partner-manager', 'finance', 'approver', 'auditor', 'admin']],
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
