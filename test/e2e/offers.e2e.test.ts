import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { created, eur, expectRefused, OCT, partnerWithAgreement, post, SEP, storeOf } from './partners.fixtures';

const offer = (offerId: string, agreementId: string, over: Record<string, unknown> = {}) => ({
  offerId,
  agreementId,
  description: 'First month free for new members',
  incentive: { type: 'discount', percentBps: 10_000 },
  codes: ['FIT-1', 'FIT-2', 'FIT-3'],
  singleUse: true,
  validFrom: SEP(1, 0),
  validUntil: OCT(1, 0),
  maxRedemptions: 2,
  occurredAt: SEP(2),
  ...over,
});

describe('offers over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await partnerWithAgreement(t, 'fitness-app', 'agr-fitness');
    await partnerWithAgreement(t, 'gym-chain', 'agr-gym');
    await created(t, '/v1/offers', offer('fit-autumn', 'agr-fitness'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('launches an offer for the agreement’s partner, and answers a repeat 200', async () => {
    const body = offer('fit-launch', 'agr-fitness');
    const first = await created(t, '/v1/offers', body);
    expect(first.body).toMatchObject({ streamId: 'offer-fit-launch', revision: '0' });
    expect((await post(t, '/v1/offers', body)).status).toBe(200);
    await expectRefused(t, () => post(t, '/v1/offers', { ...body, maxRedemptions: 9 }), 409, 'ALREADY_EXISTS');
    const view = await t.request('GET', '/v1/offers/fit-launch', { role: 'auditor' });
    expect(view.body).toMatchObject({ offerId: 'fit-launch', partnerId: 'fitness-app', redemptions: 0, availableCodes: 3 });
  });

  it('redeems a code: the customer is attributed to the partner and a referral is registered for conversions', async () => {
    const redeemed = await created(t, '/v1/offers/fit-autumn/redemptions', {
      code: 'FIT-1',
      customerId: 'runner-1',
      orderValue: eur(4_900),
      occurredAt: SEP(5),
    });
    expect(redeemed.body).toMatchObject({ streamId: 'offer-fit-autumn', revision: '1', referralId: 'offer.fit-autumn.runner-1' });
    expect(BigInt(redeemed.body.position)).toBe(await storeOf(t).headPosition());

    const [redemption] = (await storeOf(t).readStream('offer-fit-autumn')).slice(1);
    const [attribution] = await storeOf(t).readStream('attribution-runner-1');
    const [referral] = await storeOf(t).readStream('referral-offer.fit-autumn.runner-1');
    expect(attribution!.data).toEqual({
      customerId: 'runner-1',
      partnerId: 'fitness-app',
      agreementId: 'agr-fitness',
      source: { type: 'offer', id: 'fit-autumn' },
      attributedAt: SEP(5),
      windowEndsAt: '2026-12-04T10:00:00.000Z',
      referralId: 'offer.fit-autumn.runner-1',
    });
    expect(attribution!.metadata.causationId).toBe(redemption!.eventId);
    expect(referral!.data).toEqual({
      referralId: 'offer.fit-autumn.runner-1',
      agreementId: 'agr-fitness',
      partnerId: 'fitness-app',
      customerId: 'runner-1',
      offerId: 'fit-autumn',
    });
    expect(referral!.metadata.causationId).toBe(attribution!.eventId);
    expect(new Set([redemption, attribution, referral].map((e) => e!.metadata.correlationId)).size).toBe(1);

    await created(t, '/v1/referrals/offer.fit-autumn.runner-1/conversions', { conversionId: 'conv-runner-1', revenue: eur(4_900), occurredAt: SEP(6) }, 'finance');
  });

  it('answers a retried redemption 200 with the same answer, appending nothing', async () => {
    const body = { code: 'FIT-2', customerId: 'runner-2', referralId: 'ref-runner-2', occurredAt: SEP(7) };
    const first = await created(t, '/v1/offers/fit-autumn/redemptions', body);
    expect(first.body.referralId).toBe('ref-runner-2');
    const before = await storeOf(t).headPosition();
    const again = await post(t, '/v1/offers/fit-autumn/redemptions', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await storeOf(t).headPosition()).toBe(before);
    await expectRefused(t, () => post(t, '/v1/offers/fit-autumn/redemptions', { ...body, referralId: 'ref-other' }), 409, 'ALREADY_EXISTS');
  });

  it('refuses every broken rule with its code, appending nothing', async () => {
    await created(t, '/v1/offers', offer('fit-rules', 'agr-fitness', { codes: ['ONE', 'SHARED'], maxRedemptions: 3 }));
    await created(t, '/v1/offers/fit-rules/redemptions', { code: 'ONE', customerId: 'c-1', occurredAt: SEP(10) });
    const redeem = (body: Record<string, unknown>) => () => post(t, '/v1/offers/fit-rules/redemptions', { occurredAt: SEP(10), ...body });
    await expectRefused(t, redeem({ code: 'NOPE', customerId: 'c-2' }), 422, 'UNKNOWN_CODE');
    await expectRefused(t, redeem({ code: 'SHARED', customerId: 'c-2', occurredAt: OCT(1, 0) }), 422, 'OFFER_EXPIRED');
    await expectRefused(t, redeem({ code: 'SHARED', customerId: 'c-2', occurredAt: '2026-08-31T23:00:00.000Z' }), 422, 'OFFER_NOT_STARTED');
    await expectRefused(t, redeem({ code: 'ONE', customerId: 'c-2' }), 422, 'CODE_ALREADY_REDEEMED');
    await expectRefused(t, () => post(t, '/v1/offers/ghost/redemptions', { code: 'ONE', customerId: 'c-2' }), 404, 'NOT_FOUND');
  });

  it('refuses the redemption past maxRedemptions (422 REDEMPTION_LIMIT_REACHED)', async () => {
    await created(t, '/v1/offers', offer('fit-limit', 'agr-fitness', { codes: ['SHARED'], singleUse: false, maxRedemptions: 2 }));
    await created(t, '/v1/offers/fit-limit/redemptions', { code: 'SHARED', customerId: 'l-1', occurredAt: SEP(11) });
    await created(t, '/v1/offers/fit-limit/redemptions', { code: 'SHARED', customerId: 'l-2', occurredAt: SEP(11) });
    await expectRefused(t, () => post(t, '/v1/offers/fit-limit/redemptions', { code: 'SHARED', customerId: 'l-3', occurredAt: SEP(11) }), 422, 'REDEMPTION_LIMIT_REACHED');
    expect((await t.request('GET', '/v1/offers/fit-limit', { role: 'finance' })).body).toMatchObject({ redemptions: 2 });
  });

  it('gives one referral id to one of two customers redeeming at once; the other is refused before anything is appended', async () => {
    await created(t, '/v1/offers', offer('fit-shared-ref', 'agr-fitness', { codes: ['TEAM'], singleUse: false, maxRedemptions: 10 }));
    const customers = ['team-a', 'team-b'];
    const answers = await Promise.all(
      customers.map((customerId) => post(t, '/v1/offers/fit-shared-ref/redemptions', { code: 'TEAM', customerId, referralId: 'ref-team', occurredAt: SEP(11) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.findIndex((a) => a.status === 409);
    expect(answers[refused]!.body.error.code).toBe('ALREADY_EXISTS');
    expect((await t.request('GET', '/v1/offers/fit-shared-ref', { role: 'finance' })).body).toMatchObject({ redemptions: 1 });
    expect(await storeOf(t).readStream(`attribution-${customers[refused]}`)).toEqual([]);
  });

  it('refuses a customer attributed to another partner inside its window (422 ALREADY_ATTRIBUTED) before appending', async () => {
    await created(t, '/v1/offers', offer('fit-attrib', 'agr-fitness'));
    await created(t, '/v1/referrals', { referralId: 'gym-ref-1', agreementId: 'agr-gym', customerId: 'lifter-1', occurredAt: SEP(3) });
    const refused = await expectRefused(
      t,
      () => post(t, '/v1/offers/fit-attrib/redemptions', { code: 'FIT-3', customerId: 'lifter-1', occurredAt: SEP(12) }),
      422,
      'ALREADY_ATTRIBUTED',
    );
    expect(refused.body.error.details).toMatchObject({ partnerId: 'gym-chain', windowEndsAt: '2026-12-02T10:00:00.000Z' });
    expect(await storeOf(t).readStream('offer-fit-attrib')).toHaveLength(1);
    expect(await storeOf(t).readStream('attribution-lifter-1')).toHaveLength(1);
  });

  it('refuses to launch on a terminated or unknown agreement, and a window that ends before it starts', async () => {
    await partnerWithAgreement(t, 'gone', 'agr-gone');
    await created(t, '/v1/agreements/agr-gone/termination', { reason: 'ended', occurredAt: SEP(20) });
    await expectRefused(t, () => post(t, '/v1/offers', offer('gone-offer', 'agr-gone')), 422, 'AGREEMENT_TERMINATED');
    await expectRefused(t, () => post(t, '/v1/offers', offer('lost-offer', 'agr-nowhere')), 422, 'UNKNOWN_AGREEMENT');
    await expectRefused(t, () => post(t, '/v1/offers', offer('bad-window', 'agr-fitness', { validUntil: SEP(1, 0) })), 422, 'INVALID_VALIDITY_WINDOW');
    await expectRefused(t, () => post(t, '/v1/offers', offer('dup-codes', 'agr-fitness', { codes: ['A', 'A'] })), 422, 'DUPLICATE_CODE');
    await expectRefused(t, () => post(t, '/v1/offers', offer('no-codes', 'agr-fitness', { codes: [] })), 400, 'VALIDATION_FAILED');
  });

  it('refuses redemptions once the agreement is terminated', async () => {
    await partnerWithAgreement(t, 'closing', 'agr-closing');
    await created(t, '/v1/offers', offer('closing-offer', 'agr-closing'));
    await created(t, '/v1/agreements/agr-closing/termination', { reason: 'ended', occurredAt: SEP(20) });
    await expectRefused(t, () => post(t, '/v1/offers/closing-offer/redemptions', { code: 'FIT-1', customerId: 'z-1', occurredAt: SEP(21) }), 422, 'AGREEMENT_TERMINATED');
  });
});
