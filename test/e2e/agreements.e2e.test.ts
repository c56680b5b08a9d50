import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { created, expectRefused, OCT, onboard, partnerWithAgreement, percentTerms, post, SEP, storeOf } from './partners.fixtures';

describe('agreements over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs terms version 1 with an approved partner, in effect from signedAt, with the defaults applied', async () => {
    await onboard(t, 'edu-consult');
    const signed = await created(t, '/v1/agreements', {
      agreementId: 'agr-edu',
      partnerId: 'edu-consult',
      terms: percentTerms(1500),
      signedAt: '2026-09-01T12:00:00Z',
      occurredAt: SEP(1, 13),
    });
    expect(signed.body).toMatchObject({ streamId: 'agreement-agr-edu', revision: '0', eventIds: [expect.any(String)] });
    const [event] = await storeOf(t).readStream('agreement-agr-edu');
    expect(event!.data).toEqual({
      agreementId: 'agr-edu',
      partnerId: 'edu-consult',
      termsVersion: 1,
      effectiveFrom: '2026-09-01T12:00:00.000Z',
      terms: {
        currency: 'EUR',
        commission: { type: 'percentage', rateBps: 1500 },
        attributionWindowDays: 90,
        holdDays: 0,
        bonuses: [],
        kpis: [],
        exit: { consecutiveMisses: 3 },
      },
    });
    const partner = await t.request('GET', '/v1/partners/edu-consult', { role: 'auditor' });
    expect(partner.body.agreements).toEqual([{ agreementId: 'agr-edu', status: 'active', latestTermsVersion: 1 }]);
  });

  it('refuses to sign with a partner that is not approved (422 PARTNER_NOT_APPROVED), or does not exist', async () => {
    await created(t, '/v1/partners', { partnerId: 'pending', name: 'Pending' });
    const body = { agreementId: 'agr-pending', partnerId: 'pending', terms: percentTerms() };
    const refused = await expectRefused(t, () => post(t, '/v1/agreements', body), 422, 'PARTNER_NOT_APPROVED');
    expect(refused.body.error.details).toEqual({ partnerId: 'pending', status: 'proposed' });
    await expectRefused(t, () => post(t, '/v1/agreements', { ...body, partnerId: 'nobody' }), 422, 'PARTNER_NOT_APPROVED');
  });

  it('answers a repeated signature 200; the same id with other terms is 409 ALREADY_EXISTS', async () => {
    await onboard(t, 'repeat');
    const body = { agreementId: 'agr-repeat', partnerId: 'repeat', terms: percentTerms(), signedAt: SEP(2), occurredAt: SEP(2) };
    const first = await created(t, '/v1/agreements', body);
    const again = await post(t, '/v1/agreements', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await expectRefused(t, () => post(t, '/v1/agreements', { ...body, terms: percentTerms(2000) }), 409, 'ALREADY_EXISTS');
  });

  it('refuses inconsistent terms (422 INVALID_TERMS) and malformed ones (400)', async () => {
    await onboard(t, 'sloppy');
    const body = { agreementId: 'agr-sloppy', partnerId: 'sloppy' };
    await expectRefused(
      t,
      () => post(t, '/v1/agreements', { ...body, terms: percentTerms(1500, { capPerPeriod: { amount: 1000, currency: 'USD' } }) }),
      422,
      'INVALID_TERMS',
    );
    await expectRefused(t, () => post(t, '/v1/agreements', { ...body, terms: { currency: 'EUR', commission: { type: 'percentage', rateBps: 1.5 } } }), 400, 'VALIDATION_FAILED');
  });

  it('amends into the next versions and shows every version, with the one in effect now', async () => {
    await partnerWithAgreement(t, 'amended', 'agr-amended');
    const v2 = await created(t, '/v1/agreements/agr-amended/amendments', { terms: percentTerms(2000), effectiveFrom: OCT(1, 0) });
    expect(v2.body.revision).toBe('1');
    await created(t, '/v1/agreements/agr-amended/amendments', { terms: percentTerms(2500), effectiveFrom: OCT(15, 0) });
    await expectRefused(
      t,
      () => post(t, '/v1/agreements/agr-amended/amendments', { terms: percentTerms(1000), effectiveFrom: OCT(10, 0) }),
      422,
      'AMENDMENT_OUT_OF_ORDER',
    );
    const view = await t.request('GET', '/v1/agreements/agr-amended', { role: 'approver' });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      agreementId: 'agr-amended',
      partnerId: 'amended',
      status: 'active',
      signedAt: SEP(1, 12),
      currentTermsVersion: 3,
      termination: null,
      revision: '2',
    });
    expect(view.body.termsVersions.map((v: { termsVersion: number; effectiveFrom: string; terms: { commission: unknown } }) => [v.termsVersion, v.effectiveFrom, v.terms.commission])).toEqual([
      [1, SEP(1, 12), { type: 'percentage', rateBps: 1500 }],
      [2, OCT(1, 0), { type: 'percentage', rateBps: 2000 }],
      [3, OCT(15, 0), { type: 'percentage', rateBps: 2500 }],
    ]);
  });

  it('tells the fitness app’s story: 12% breaches the 15% KPI, 18% recovers, and GET shows the KPI status', async () => {
    await partnerWithAgreement(t, 'fitness-app', 'agr-fitness', {
      currency: 'EUR',
      commission: { type: 'flat', amount: 2_500 },
      kpis: [{ metric: 'conversionRate', target: { min: 0.15 } }],
      exit: { consecutiveMisses: 3 },
    });
    const breach = await created(t, '/v1/agreements/agr-fitness/kpi-measurements', {
      metric: 'conversionRate',
      period: '2026-09',
      value: 0.12,
      occurredAt: SEP(30, 18),
    });
    expect(breach.body.eventIds).toHaveLength(2);
    const types = (await storeOf(t).readStream('agreement-agr-fitness')).map((e) => e.type);
    expect(types).toEqual(['AgreementSigned', 'KpiMeasured', 'KpiBreached']);

    const breached = await t.request('GET', '/v1/agreements/agr-fitness', { role: 'partner-manager' });
    expect(breached.body.kpis).toEqual([
      expect.objectContaining({ metric: 'conversionRate', target: { min: 0.15 }, breached: true, consecutiveMisses: 1 }),
    ]);

    const recovered = await created(t, '/v1/agreements/agr-fitness/kpi-measurements', {
      metric: 'conversionRate',
      period: '2026-10',
      value: 0.18,
      occurredAt: OCT(31, 18),
    });
    expect(recovered.body.eventIds).toHaveLength(1);
    const view = await t.request('GET', '/v1/agreements/agr-fitness', { role: 'auditor' });
    expect(view.body.kpis).toEqual([
      {
        metric: 'conversionRate',
        target: { min: 0.15 },
        latest: { period: '2026-10', value: 0.18, target: { min: 0.15 }, missed: false, measuredAt: OCT(31, 18) },
        consecutiveMisses: 0,
        breached: false,
        measurements: [
          { period: '2026-09', value: 0.12, target: { min: 0.15 }, missed: true, measuredAt: SEP(30, 18) },
          { period: '2026-10', value: 0.18, target: { min: 0.15 }, missed: false, measuredAt: OCT(31, 18) },
        ],
      },
    ]);
  });

  it('recommends termination at the third consecutive miss; termination then stops every change', async () => {
    await partnerWithAgreement(t, 'laggard', 'agr-laggard', percentTerms(1500, { kpis: [{ metric: 'leads', target: { min: 100 } }] }));
    const measure = (period: string, value: number) =>
      post(t, '/v1/agreements/agr-laggard/kpi-measurements', { metric: 'leads', period, value, occurredAt: `${period}-28T10:00:00.000Z` });
    expect((await measure('2026-09', 50)).body.eventIds).toHaveLength(2);
    expect((await measure('2026-10', 60)).body.eventIds).toHaveLength(2);
    const third = await measure('2026-11', 70);
    expect(third.status).toBe(201);
    expect(third.body.eventIds).toHaveLength(3);
    const view = await t.request('GET', '/v1/agreements/agr-laggard', { role: 'auditor' });
    expect(view.body.terminationRecommendations).toEqual([
      { metric: 'leads', period: '2026-11', consecutiveMisses: 3, threshold: 3, recommendedAt: '2026-11-28T10:00:00.000Z' },
    ]);

    const terminate = { reason: 'three months below the leads target', occurredAt: '2026-12-01T09:00:00.000Z' };
    await created(t, '/v1/agreements/agr-laggard/termination', terminate);
    const again = await post(t, '/v1/agreements/agr-laggard/termination', terminate);
    expect(again.status).toBe(200);
    await expectRefused(t, () => post(t, '/v1/agreements/agr-laggard/termination', { reason: 'another reason' }), 409, 'ALREADY_EXISTS');
    await expectRefused(t, () => measure('2026-12', 200), 422, 'AGREEMENT_TERMINATED');
    await expectRefused(
      t,
      () => post(t, '/v1/agreements/agr-laggard/amendments', { terms: percentTerms(), effectiveFrom: '2027-01-01T00:00:00Z' }),
      422,
      'AGREEMENT_TERMINATED',
    );
    const ended = await t.request('GET', '/v1/agreements/agr-laggard', { role: 'auditor' });
    expect(ended.body).toMatchObject({ status: 'terminated', termination: { reason: terminate.reason, terminatedAt: terminate.occurredAt } });
    const partner = await t.request('GET', '/v1/partners/laggard', { role: 'auditor' });
    expect(partner.body.agreements).toEqual([{ agreementId: 'agr-laggard', status: 'terminated', latestTermsVersion: 1 }]);
  });

  it('answers a re-measurement with the same value 200 with nothing appended; a correction replaces the value', async () => {
    await partnerWithAgreement(t, 'corrected', 'agr-corrected', percentTerms(1500, { kpis: [{ metric: 'nps', target: { min: 30 } }] }));
    const body = { metric: 'nps', period: '2026-09', value: 25, occurredAt: SEP(30) };
    await created(t, '/v1/agreements/agr-corrected/kpi-measurements', body);
    const before = await storeOf(t).headPosition();
    const same = await post(t, '/v1/agreements/agr-corrected/kpi-measurements', body);
    expect(same.status).toBe(200);
    expect(same.body.eventIds).toEqual([]);
    expect(await storeOf(t).headPosition()).toBe(before);
    await created(t, '/v1/agreements/agr-corrected/kpi-measurements', { ...body, value: 35 });
    const view = await t.request('GET', '/v1/agreements/agr-corrected', { role: 'auditor' });
    expect(view.body.kpis[0]).toMatchObject({ latest: { value: 35, missed: false }, breached: false, consecutiveMisses: 0 });
  });

  it('refuses a KPI period before the agreement took effect, and malformed measurements', async () => {
    await partnerWithAgreement(t, 'early', 'agr-early');
    await expectRefused(
      t,
      () => post(t, '/v1/agreements/agr-early/kpi-measurements', { metric: 'nps', period: '2026-08', value: 40 }),
      422,
      'KPI_PERIOD_BEFORE_AGREEMENT',
    );
    await expectRefused(t, () => post(t, '/v1/agreements/agr-early/kpi-measurements', { metric: 'mood', period: '2026-09', value: 1 }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, () => post(t, '/v1/agreements/agr-early/kpi-measurements', { metric: 'nps', period: '2026-13', value: 1 }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, () => post(t, '/v1/agreements/agr-early/termination', {}), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for an agreement that does not exist', async () => {
    await expectRefused(t, () => post(t, '/v1/agreements/ghost/amendments', { terms: percentTerms(), effectiveFrom: OCT(1) }), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(t, '/v1/agreements/ghost/termination', { reason: 'none' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => post(t, '/v1/agreements/ghost/kpi-measurements', { metric: 'nps', period: '2026-09', value: 1 }), 404, 'NOT_FOUND');
    expect((await t.request('GET', '/v1/agreements/ghost', { role: 'auditor' })).status).toBe(404);
  });
});
