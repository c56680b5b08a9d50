import { describe, expect, it } from 'vitest';
import type { AgreementSnapshot } from '../../../src/domain/agreement/agreement-snapshot';
import type { LaunchOffer, OfferCommand, RedeemOffer } from '../../../src/domain/offer/offer.commands';
import { offerDecider } from '../../../src/domain/offer/offer.decider';
import type { OfferEvent } from '../../../src/domain/offer/offer.events';
import { given } from '../partner/decider-spec';
import { terms } from '../agreement/agreement-fixtures';

const live: AgreementSnapshot = {
  agreementId: 'agr-edu',
  partnerId: 'edu-consult',
  terminated: false,
  terms: { termsVersion: 1, terms: terms(), effectiveFrom: '2026-09-01T12:00:00.000Z', declaredAt: '2026-09-01T12:00:00.000Z' },
  effectiveFrom: '2026-09-01T12:00:00.000Z',
};

const launch = (over: Partial<LaunchOffer> = {}): OfferCommand => ({
  type: 'LaunchOffer',
  offerId: 'autumn',
  agreementId: 'agr-edu',
  description: 'First consultation free',
  incentive: { type: 'freeItem', item: 'first consultation' },
  codes: ['AUTUMN-1', 'AUTUMN-2'],
  singleUse: true,
  validFrom: '2026-09-01T00:00:00Z',
  validUntil: '2026-10-01T00:00:00Z',
  maxRedemptions: 3,
  agreement: live,
  occurredAt: '2026-09-02T09:00:00.000Z',
  ...over,
});

const launched = (over: Partial<Extract<OfferEvent, { type: 'OfferLaunched' }>['data']> = {}): OfferEvent => ({
  type: 'OfferLaunched',
  data: {
    offerId: 'autumn',
    agreementId: 'agr-edu',
    partnerId: 'edu-consult',
    description: 'First consultation free',
    incentive: { type: 'freeItem', item: 'first consultation' },
    codes: ['AUTUMN-1', 'AUTUMN-2'],
    singleUse: true,
    validFrom: '2026-09-01T00:00:00.000Z',
    validUntil: '2026-10-01T00:00:00.000Z',
    maxRedemptions: 3,
    ...over,
  },
  occurredAt: '2026-09-02T09:00:00.000Z',
});

const redeem = (code: string, customerId: string, over: Partial<RedeemOffer> = {}): OfferCommand => ({
  type: 'RedeemOffer',
  offerId: 'autumn',
  code,
  customerId,
  referralId: `offer.autumn.${customerId}`,
  agreement: live,
  occurredAt: '2026-09-10T10:00:00.000Z',
  ...over,
});

const redeemed = (code: string, customerId: string): OfferEvent => ({
  type: 'OfferRedeemed',
  data: { offerId: 'autumn', agreementId: 'agr-edu', partnerId: 'edu-consult', code, customerId, referralId: `offer.autumn.${customerId}` },
  occurredAt: '2026-09-10T10:00:00.000Z',
});

describe('offer: launch', () => {
  it('launches on a live agreement, for the agreement’s partner', () => {
    expect(given(offerDecider, []).when(launch()).events).toEqual([launched()]);
  });

  it('refuses to launch on a terminated agreement (AGREEMENT_TERMINATED)', () => {
    expect(given(offerDecider, []).when(launch({ agreement: { ...live, terminated: true } })).error).toMatchObject({
      kind: 'rule',
      code: 'AGREEMENT_TERMINATED',
    });
  });

  it('refuses to launch on an agreement that does not exist (UNKNOWN_AGREEMENT)', () => {
    expect(given(offerDecider, []).when(launch({ agreement: null })).error.code).toBe('UNKNOWN_AGREEMENT');
  });

  it('refuses a validity window that does not end after it starts', () => {
    const error = given(offerDecider, []).when(launch({ validUntil: '2026-09-01T00:00:00.000Z' })).error;
    expect(error).toMatchObject({ kind: 'rule', code: 'INVALID_VALIDITY_WINDOW' });
  });

  it('refuses repeated promo codes', () => {
    expect(given(offerDecider, []).when(launch({ codes: ['A', 'B', 'A'] })).error).toMatchObject({ code: 'DUPLICATE_CODE', details: { codes: ['A'] } });
  });

  it('refuses to launch the same offer id twice (ALREADY_EXISTS)', () => {
    expect(given(offerDecider, [launched()]).when(launch()).error).toMatchObject({ kind: 'conflict', code: 'ALREADY_EXISTS' });
  });
});

describe('offer: redemption', () => {
  it('redeems a code inside the window, naming the referral it registers', () => {
    expect(given(offerDecider, [launched()]).when(redeem('AUTUMN-1', 'cust-1')).events).toEqual([redeemed('AUTUMN-1', 'cust-1')]);
  });

  it('refuses a code the offer does not have (UNKNOWN_CODE)', () => {
    expect(given(offerDecider, [launched()]).when(redeem('WINTER', 'cust-1')).error).toMatchObject({ kind: 'rule', code: 'UNKNOWN_CODE' });
  });

  it('refuses a redemption before the window opens (OFFER_NOT_STARTED)', () => {
    const error = given(offerDecider, [launched()]).when(redeem('AUTUMN-1', 'cust-1', { occurredAt: '2026-08-31T23:59:59.999Z' })).error;
    expect(error.code).toBe('OFFER_NOT_STARTED');
  });

  it('refuses a redemption at or after validUntil (OFFER_EXPIRED)', () => {
    const error = given(offerDecider, [launched()]).when(redeem('AUTUMN-1', 'cust-1', { occurredAt: '2026-10-01T00:00:00.000Z' })).error;
    expect(error).toMatchObject({ code: 'OFFER_EXPIRED', details: { validUntil: '2026-10-01T00:00:00.000Z' } });
  });

  it('refuses a single-use code that was already redeemed (CODE_ALREADY_REDEEMED)', () => {
    expect(given(offerDecider, [launched(), redeemed('AUTUMN-1', 'cust-1')]).when(redeem('AUTUMN-1', 'cust-2')).error.code).toBe(
      'CODE_ALREADY_REDEEMED',
    );
  });

  it('lets many customers redeem a shared code', () => {
    const history = [launched({ singleUse: false }), redeemed('AUTUMN-1', 'cust-1')];
    expect(given(offerDecider, history).when(redeem('AUTUMN-1', 'cust-2')).events).toHaveLength(1);
  });

  it('refuses the redemption past the limit (REDEMPTION_LIMIT_REACHED)', () => {
    const history = [launched({ singleUse: false }), redeemed('AUTUMN-1', 'c1'), redeemed('AUTUMN-1', 'c2'), redeemed('AUTUMN-2', 'c3')];
    expect(given(offerDecider, history).when(redeem('AUTUMN-2', 'c4')).error).toMatchObject({
      code: 'REDEMPTION_LIMIT_REACHED',
      details: { maxRedemptions: 3 },
    });
  });

  it('refuses a redemption once the agreement is terminated', () => {
    expect(given(offerDecider, [launched()]).when(redeem('AUTUMN-1', 'c1', { agreement: { ...live, terminated: true } })).error.code).toBe(
      'AGREEMENT_TERMINATED',
    );
  });

  it('refuses an order value in another currency than the agreement’s', () => {
    const error = given(offerDecider, [launched()]).when(redeem('AUTUMN-1', 'c1', { orderValue: { amount: 100, currency: 'USD' } })).error;
    expect(error.code).toBe('CURRENCY_MISMATCH');
  });

  it('refuses to redeem an offer that does not exist (NOT_FOUND)', () => {
    expect(given(offerDecider, []).when(redeem('AUTUMN-1', 'c1')).error.code).toBe('NOT_FOUND');
  });
});
