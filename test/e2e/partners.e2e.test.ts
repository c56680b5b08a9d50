import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { created, expectRefused, post, SEP, storeOf, strongCard } from './partners.fixtures';

describe('partners over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells the seeds’ story: the education consultancy is chosen over the indebted ed-tech platform', async () => {
    await created(t, '/v1/partners', { partnerId: 'edtech-platform', name: 'Ed-tech platform', segment: 'education', occurredAt: SEP(1, 9) });
    const edtech = await created(t, '/v1/partners/edtech-platform/screenings', { ...strongCard, debtRatio: 0.72, occurredAt: SEP(1, 10) });
    expect(edtech.body).toMatchObject({
      streamId: 'partner-edtech-platform',
      revision: '1',
      recommendation: 'reject',
      weightedScore: 7.85,
      reasons: ['debt ratio 0.72 is above 0.60'],
    });
    await expectRefused(t, () => post(t, '/v1/partners/edtech-platform/approval', {}), 422, 'SCREENING_RECOMMENDS_REJECTION');
    await created(t, '/v1/partners/edtech-platform/rejection', { reason: 'debt ratio above policy', occurredAt: SEP(1, 11) });

    await created(t, '/v1/partners', { partnerId: 'edu-consult', name: 'Education consultancy', segment: 'education', occurredAt: SEP(1, 9) });
    const edu = await created(t, '/v1/partners/edu-consult/screenings', { ...strongCard, occurredAt: SEP(1, 10) });
    expect(edu.body).toMatchObject({ recommendation: 'approve', weightedScore: 7.85 });
    await created(t, '/v1/partners/edu-consult/approval', { occurredAt: SEP(1, 11) });

    const rejected = await t.request('GET', '/v1/partners/edtech-platform', { role: 'auditor' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      latestScreening: { recommendation: 'reject', reasons: ['debt ratio 0.72 is above 0.60'] },
      decision: { outcome: 'rejected', override: false, reason: 'debt ratio above policy', decidedAt: SEP(1, 11) },
    });
    const chosen = await t.request('GET', '/v1/partners/edu-consult', { role: 'finance' });
    expect(chosen.body).toMatchObject({
      partnerId: 'edu-consult',
      name: 'Education consultancy',
      status: 'approved',
      latestScreening: { recommendation: 'approve', weightedScore: 7.85 },
      agreements: [],
      revision: '2',
    });
  });

  it('records the screening with its recommendation, score and reasons', async () => {
    await created(t, '/v1/partners', { partnerId: 'scored', name: 'Scored' });
    await created(t, '/v1/partners/scored/screenings', {
      ...strongCard,
      scores: { channel: 6, customerBase: 7, reputation: 8, culture: 7, skills: 7 },
    });
    const [, screened] = await storeOf(t).readStream('partner-scored');
    expect(screened!.data).toMatchObject({ recommendation: 'reject', weightedScore: 6.95, reasons: ['weighted score 6.95 is below 7.00'] });
    expect(screened!.metadata.actor).toEqual({ principalId: 'paula', role: 'partner-manager' });
  });

  it('answers a re-proposal with the same body 200 and the first answer; another body is 409 ALREADY_EXISTS', async () => {
    const body = { partnerId: 'twice', name: 'Twice', segment: 'retail' };
    const first = await created(t, '/v1/partners', body);
    const again = await post(t, '/v1/partners', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await expectRefused(t, () => post(t, '/v1/partners', { ...body, name: 'Someone else' }), 409, 'ALREADY_EXISTS');
  });

  it('approves against a "reject" recommendation only with override and a reason, and records the override', async () => {
    await created(t, '/v1/partners', { partnerId: 'risky', name: 'Risky' });
    await created(t, '/v1/partners/risky/screenings', { ...strongCard, auditedYears: 1 });
    await expectRefused(t, () => post(t, '/v1/partners/risky/approval', { override: true }), 422, 'SCREENING_RECOMMENDS_REJECTION');
    await expectRefused(t, () => post(t, '/v1/partners/risky/approval', { reason: 'strategic' }), 422, 'SCREENING_RECOMMENDS_REJECTION');
    await created(t, '/v1/partners/risky/approval', { override: true, reason: 'strategic market entry' });
    const [, , approvedEvent] = await storeOf(t).readStream('partner-risky');
    expect(approvedEvent!.data).toEqual({ partnerId: 'risky', override: true, reason: 'strategic market entry' });
    expect(approvedEvent!.metadata.reason).toBe('strategic market entry');
  });

  it('refuses to approve an unscreened partner (422 PARTNER_NOT_SCREENED)', async () => {
    await created(t, '/v1/partners', { partnerId: 'unscreened', name: 'Unscreened' });
    await expectRefused(t, () => post(t, '/v1/partners/unscreened/approval', {}), 422, 'PARTNER_NOT_SCREENED');
  });

  it('answers a repeated approval 200, and a rejection after it 409 PARTNER_ALREADY_DECIDED', async () => {
    await created(t, '/v1/partners', { partnerId: 'decided', name: 'Decided' });
    await created(t, '/v1/partners/decided/screenings', strongCard);
    const first = await created(t, '/v1/partners/decided/approval', { occurredAt: SEP(2) });
    const again = await post(t, '/v1/partners/decided/approval', { occurredAt: SEP(2) });
    expect(again.status).toBe(200);
    expect(again.body.eventIds).toEqual(first.body.eventIds);
    await expectRefused(t, () => post(t, '/v1/partners/decided/rejection', {}), 409, 'PARTNER_ALREADY_DECIDED');
    await expectRefused(t, () => post(t, '/v1/partners/decided/screenings', strongCard), 409, 'PARTNER_ALREADY_DECIDED');
  });

  it('answers 404 NOT_FOUND for a partner that does not exist', async () => {
    await expectRefused(t, () => post(t, '/v1/partners/ghost/screenings', strongCard), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(t, '/v1/partners/ghost/approval', {}), 404, 'NOT_FOUND');
    const response = await t.request('GET', '/v1/partners/ghost', { role: 'auditor' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses malformed input with 400 VALIDATION_FAILED: scores out of 1–10, unknown fields, a bad path id', async () => {
    await created(t, '/v1/partners', { partnerId: 'strict', name: 'Strict' });
    const bad = await expectRefused(
      t,
      () => post(t, '/v1/partners/strict/screenings', { ...strongCard, scores: { ...strongCard.scores, channel: 11 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'scores.channel' })]);
    await expectRefused(t, () => post(t, '/v1/partners', { partnerId: 'x', name: 'X', colour: 'red' }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, () => post(t, '/v1/partners/strict/approval', { override: 'yes' }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, () => post(t, `/v1/partners/${'x'.repeat(65)}/approval`, {}), 400, 'VALIDATION_FAILED');
  });

  it('keeps If-Match: approving at a stale revision is 409 CONCURRENCY_CONFLICT', async () => {
    await created(t, '/v1/partners', { partnerId: 'guarded', name: 'Guarded' });
    await created(t, '/v1/partners/guarded/screenings', strongCard);
    await expectRefused(
      t,
      () => t.request('POST', '/v1/partners/guarded/approval', { role: 'partner-manager', body: {}, headers: { 'if-match': '0' } }),
      409,
      'CONCURRENCY_CONFLICT',
    );
    const ok = await t.request('POST', '/v1/partners/guarded/approval', { role: 'partner-manager', body: {}, headers: { 'if-match': '1' } });
    expect(ok.status).toBe(201);
  });
});
