import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { created, eur, expectRefused, OCT, partnerWithAgreement, percentTerms, post, SEP, storeOf } from './partners.fixtures';

const refer = (referralId: string, agreementId: string, customerId: string, occurredAt = SEP(3)) => ({
  referralId,
  agreementId,
  customerId,
  occurredAt,
});

describe('referrals, conversions and refunds over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await partnerWithAgreement(t, 'edu-consult', 'agr-edu');
    await partnerWithAgreement(t, 'agency-network', 'agr-network', percentTerms(5000, { attributionWindowDays: 30 }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a referral: the customer’s attribution first, then the referral, answered for the referral', async () => {
    const response = await created(t, '/v1/referrals', refer('ref-edu-1', 'agr-edu', 'cust-student-1'));
    expect(response.body).toMatchObject({ streamId: 'referral-ref-edu-1', revision: '0', eventIds: [expect.any(String)] });
    expect(BigInt(response.body.position)).toBe(await storeOf(t).headPosition());
    const [attribution] = await storeOf(t).readStream('attribution-cust-student-1');
    const [referral] = await storeOf(t).readStream('referral-ref-edu-1');
    expect(attribution!.data).toEqual({
      customerId: 'cust-student-1',
      partnerId: 'edu-consult',
      agreementId: 'agr-edu',
      source: { type: 'referral', id: 'ref-edu-1' },
      attributedAt: SEP(3),
      windowEndsAt: '2026-12-02T10:00:00.000Z',
      referralId: 'ref-edu-1',
    });
    expect(referral).toMatchObject({
      type: 'ReferralRegistered',
      data: { referralId: 'ref-edu-1', agreementId: 'agr-edu', partnerId: 'edu-consult', customerId: 'cust-student-1' },
      metadata: { causationId: attribution!.eventId, actor: { principalId: 'paula', role: 'partner-manager' } },
    });
    const view = await t.request('GET', '/v1/referrals/ref-edu-1', { role: 'auditor' });
    expect(view.body).toMatchObject({ referralId: 'ref-edu-1', partnerId: 'edu-consult', conversions: [], revision: '0' });
  });

  it('answers a repeated registration 200 appending nothing; the id reused for another customer is 409', async () => {
    const body = refer('ref-repeat', 'agr-edu', 'cust-repeat');
    const first = await created(t, '/v1/referrals', body);
    const before = await storeOf(t).headPosition();
    const again = await post(t, '/v1/referrals', { ...body, occurredAt: undefined });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await storeOf(t).headPosition()).toBe(before);
    await expectRefused(t, () => post(t, '/v1/referrals', { ...body, customerId: 'cust-other' }), 409, 'ALREADY_EXISTS');
    expect(await storeOf(t).readStream('attribution-cust-other')).toEqual([]);
  });

  it('refuses a registration at a stale If-Match before attributing anyone: nothing appended, now or later', async () => {
    const body = refer('ref-if-match', 'agr-edu', 'cust-if-match');
    await expectRefused(
      t,
      () => t.request('POST', '/v1/referrals', { role: 'partner-manager', body, headers: { 'if-match': '0' } }),
      409,
      'CONCURRENCY_CONFLICT',
    );
    // The referral-registration process manager would complete a stored attribution: give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storeOf(t).readStream('attribution-cust-if-match')).toEqual([]);
    expect((await t.request('GET', '/v1/referrals/ref-if-match', { role: 'auditor' })).status).toBe(404);
    await created(t, '/v1/referrals', body);
  });

  it('refuses a second partner inside the first partner’s window (422 ALREADY_ATTRIBUTED, with the window’s end)', async () => {
    await created(t, '/v1/referrals', refer('ref-net-claim', 'agr-network', 'cust-shared', SEP(6)));
    const refused = await expectRefused(
      t,
      () => post(t, '/v1/referrals', refer('ref-edu-claim', 'agr-edu', 'cust-shared', SEP(20))),
      422,
      'ALREADY_ATTRIBUTED',
    );
    expect(refused.body.error.details).toEqual({
      customerId: 'cust-shared',
      partnerId: 'agency-network',
      agreementId: 'agr-network',
      windowEndsAt: OCT(6),
    });
    expect(await storeOf(t).readStream('referral-ref-edu-claim')).toEqual([]);
  });

  it('lets another partner claim the customer once the window has ended, and the same partner renew inside it', async () => {
    await created(t, '/v1/referrals', refer('ref-net-a', 'agr-network', 'cust-moving', SEP(2)));
    await created(t, '/v1/referrals', refer('ref-net-b', 'agr-network', 'cust-moving', SEP(15)));
    const [, renewed] = await storeOf(t).readStream('attribution-cust-moving');
    expect(renewed!.data).toMatchObject({ partnerId: 'agency-network', windowEndsAt: OCT(15) });
    await expectRefused(t, () => post(t, '/v1/referrals', refer('ref-edu-moving', 'agr-edu', 'cust-moving', OCT(14))), 422, 'ALREADY_ATTRIBUTED');
    await created(t, '/v1/referrals', refer('ref-edu-moving', 'agr-edu', 'cust-moving', OCT(15)));
  });

  it('lets exactly one of two concurrent claims for one customer win', async () => {
    for (let round = 0; round < 5; round++) {
      const customerId = `cust-race-${round}`;
      const answers = await Promise.all([
        post(t, '/v1/referrals', refer(`race-edu-${round}`, 'agr-edu', customerId, SEP(8))),
        post(t, '/v1/referrals', refer(`race-net-${round}`, 'agr-network', customerId, SEP(8))),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      expect(answers.find((a) => a.status === 422)!.body.error.code).toBe('ALREADY_ATTRIBUTED');
      expect(await storeOf(t).readStream(`attribution-${customerId}`)).toHaveLength(1);
    }
  });

  it('registers one referral id once when two customers race for it: the other is refused and left unattributed', async () => {
    for (let round = 0; round < 5; round++) {
      const referralId = `ref-shared-${round}`;
      const customers = [`cust-shared-a-${round}`, `cust-shared-b-${round}`];
      const answers = await Promise.all(customers.map((customerId) => post(t, '/v1/referrals', refer(referralId, 'agr-edu', customerId, SEP(8)))));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const refused = answers.findIndex((a) => a.status === 409);
      expect(answers[refused]!.body.error.code).toBe('ALREADY_EXISTS');
      const [registered] = await storeOf(t).readStream(`referral-${referralId}`);
      expect((registered!.data as { customerId: string }).customerId).toBe(customers[1 - refused]);
      // Nothing was appended for the refused request: its customer is free for another partner.
      expect(await storeOf(t).readStream(`attribution-${customers[refused]}`)).toEqual([]);
    }
  });

  it('refuses referrals on an unknown, terminated or not yet effective agreement', async () => {
    await expectRefused(t, () => post(t, '/v1/referrals', refer('ref-x', 'agr-nowhere', 'cust-x')), 422, 'UNKNOWN_AGREEMENT');
    await expectRefused(t, () => post(t, '/v1/referrals', refer('ref-x', 'agr-edu', 'cust-x', '2026-08-01T00:00:00.000Z')), 422, 'AGREEMENT_NOT_IN_EFFECT');
    await partnerWithAgreement(t, 'former', 'agr-former');
    await created(t, '/v1/agreements/agr-former/termination', { reason: 'ended', occurredAt: SEP(10) });
    await expectRefused(t, () => post(t, '/v1/referrals', refer('ref-x', 'agr-former', 'cust-x', SEP(11))), 422, 'AGREEMENT_TERMINATED');
  });

  it('records a conversion, answers its retry 200, and refuses the same id with other revenue (409)', async () => {
    await created(t, '/v1/referrals', refer('ref-conv', 'agr-edu', 'cust-conv'));
    const body = { conversionId: 'conv-1', revenue: eur(480_000), occurredAt: SEP(10) };
    const first = await created(t, '/v1/referrals/ref-conv/conversions', body, 'finance');
    expect(first.body).toMatchObject({ streamId: 'referral-ref-conv', revision: '1' });
    const [, converted] = await storeOf(t).readStream('referral-ref-conv');
    expect(converted!.data).toEqual({
      referralId: 'ref-conv',
      conversionId: 'conv-1',
      agreementId: 'agr-edu',
      partnerId: 'edu-consult',
      customerId: 'cust-conv',
      revenue: eur(480_000),
    });
    const again = await post(t, '/v1/referrals/ref-conv/conversions', body, 'finance');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await expectRefused(t, () => post(t, '/v1/referrals/ref-conv/conversions', { ...body, revenue: eur(1) }, 'finance'), 409, 'ALREADY_EXISTS');
  });

  it('refuses conversions in another currency, on a terminated agreement, of an unknown referral, or of no revenue', async () => {
    await partnerWithAgreement(t, 'ending', 'agr-ending');
    await created(t, '/v1/referrals', refer('ref-ending', 'agr-ending', 'cust-ending'));
    const convert = (body: Record<string, unknown>, referralId = 'ref-ending') => () =>
      post(t, `/v1/referrals/${referralId}/conversions`, { conversionId: 'c', revenue: eur(100), occurredAt: SEP(12), ...body }, 'finance');
    await expectRefused(t, convert({ revenue: { amount: 100, currency: 'USD' } }), 422, 'CURRENCY_MISMATCH');
    await expectRefused(t, convert({ revenue: eur(0) }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, convert({ revenue: { amount: 1.5, currency: 'EUR' } }), 400, 'VALIDATION_FAILED');
    await expectRefused(t, convert({}, 'ref-ghost'), 404, 'NOT_FOUND');
    await created(t, '/v1/agreements/agr-ending/termination', { reason: 'ended', occurredAt: SEP(15) });
    await expectRefused(t, convert({ occurredAt: SEP(16) }), 422, 'AGREEMENT_TERMINATED');
  });

  it('records refunds up to the conversion’s revenue with the running total, and refuses the excess', async () => {
    await created(t, '/v1/referrals', refer('ref-net-1', 'agr-network', 'cust-net-1', SEP(6)));
    await created(t, '/v1/referrals/ref-net-1/conversions', { conversionId: 'conv-net-1', revenue: eur(200_000), occurredAt: SEP(15) }, 'finance');
    const refund = (amount: number, conversionId = 'conv-net-1') => () =>
      post(t, '/v1/referrals/ref-net-1/refunds', { conversionId, refund: eur(amount), occurredAt: SEP(25) }, 'finance');
    expect((await refund(50_000)()).status).toBe(201);
    const refused = await expectRefused(t, refund(150_001), 422, 'REFUND_EXCEEDS_CONVERSION');
    expect(refused.body.error.details).toMatchObject({ refundable: eur(150_000) });
    await expectRefused(t, refund(1, 'conv-unknown'), 422, 'UNKNOWN_CONVERSION');
    await expectRefused(
      t,
      () => post(t, '/v1/referrals/ref-ghost/refunds', { conversionId: 'conv-net-1', refund: eur(1) }, 'finance'),
      404,
      'NOT_FOUND',
    );
    expect((await refund(150_000)()).status).toBe(201);
    const refunds = (await storeOf(t).readStream('referral-ref-net-1')).filter((e) => e.type === 'RevenueRefunded');
    expect(refunds.map((e) => e.data)).toEqual([
      expect.objectContaining({ refund: eur(50_000), refundedToDate: eur(50_000), converted: eur(200_000) }),
      expect.objectContaining({ refund: eur(150_000), refundedToDate: eur(200_000), converted: eur(200_000) }),
    ]);
    const view = await t.request('GET', '/v1/referrals/ref-net-1', { role: 'finance' });
    expect(view.body.conversions).toEqual([
      { conversionId: 'conv-net-1', revenue: eur(200_000), refunded: eur(200_000), convertedAt: SEP(15) },
    ]);
  });
});
