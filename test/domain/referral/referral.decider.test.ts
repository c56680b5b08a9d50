import { describe, expect, it } from 'vitest';
import type { AgreementSnapshot } from '../../../src/domain/agreement/agreement-snapshot';
import type { ReferralCommand } from '../../../src/domain/referral/referral.commands';
import { referralDecider } from '../../../src/domain/referral/referral.decider';
import type { ReferralEvent } from '../../../src/domain/referral/referral.events';
import { given } from '../partner/decider-spec';
import { terms } from '../agreement/agreement-fixtures';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const agreement: AgreementSnapshot = {
  agreementId: 'agr-net',
  partnerId: 'agency-network',
  terminated: false,
  terms: { termsVersion: 1, terms: terms(), effectiveFrom: '2026-09-01T12:00:00.000Z', declaredAt: '2026-09-01T12:00:00.000Z' },
  effectiveFrom: '2026-09-01T12:00:00.000Z',
};

const registered: ReferralEvent = {
  type: 'ReferralRegistered',
  data: { referralId: 'ref-net-1', agreementId: 'agr-net', partnerId: 'agency-network', customerId: 'cust-net-1' },
  occurredAt: '2026-09-06T10:00:00.000Z',
};
const converted: ReferralEvent = {
  type: 'ReferralConverted',
  data: {
    referralId: 'ref-net-1',
    conversionId: 'conv-net-1',
    agreementId: 'agr-net',
    partnerId: 'agency-network',
    customerId: 'cust-net-1',
    revenue: eur(200_000),
  },
  occurredAt: '2026-09-15T10:00:00.000Z',
};

const convert = (over: Partial<Extract<ReferralCommand, { type: 'RecordConversion' }>> = {}): ReferralCommand => ({
  type: 'RecordConversion',
  referralId: 'ref-net-1',
  conversionId: 'conv-net-1',
  revenue: eur(200_000),
  agreement,
  occurredAt: '2026-09-15T10:00:00.000Z',
  ...over,
});
const refund = (amount: number, conversionId = 'conv-net-1', currency = 'EUR'): ReferralCommand => ({
  type: 'RefundRevenue',
  referralId: 'ref-net-1',
  conversionId,
  refund: { amount, currency },
  occurredAt: '2026-09-25T10:00:00.000Z',
});
const refunded = (amount: number, toDate: number): ReferralEvent => ({
  type: 'RevenueRefunded',
  data: {
    referralId: 'ref-net-1',
    conversionId: 'conv-net-1',
    agreementId: 'agr-net',
    partnerId: 'agency-network',
    refund: eur(amount),
    refundedToDate: eur(toDate),
    converted: eur(200_000),
  },
  occurredAt: '2026-09-25T10:00:00.000Z',
});

describe('referral: registration', () => {
  it('records the referral of the attributed customer', () => {
    const { events } = given(referralDecider, []).when({
      type: 'RegisterReferral',
      referralId: 'ref-net-1',
      agreementId: 'agr-net',
      partnerId: 'agency-network',
      customerId: 'cust-net-1',
      occurredAt: '2026-09-06T10:00:00.000Z',
    });
    expect(events).toEqual([registered]);
  });

  it('refuses to register the same referral id twice (ALREADY_EXISTS)', () => {
    const { error } = given(referralDecider, [registered]).when({
      type: 'RegisterReferral',
      referralId: 'ref-net-1',
      agreementId: 'agr-net',
      partnerId: 'agency-network',
      customerId: 'someone-else',
      occurredAt: '2026-09-07T10:00:00.000Z',
    });
    expect(error).toMatchObject({ kind: 'conflict', code: 'ALREADY_EXISTS' });
  });
});

describe('referral: conversions', () => {
  it('records revenue from the referred customer, with the referral’s agreement and partner', () => {
    expect(given(referralDecider, [registered]).when(convert()).events).toEqual([converted]);
  });

  it('refuses revenue in another currency than the terms in effect (CURRENCY_MISMATCH)', () => {
    const { error } = given(referralDecider, [registered]).when(convert({ revenue: { amount: 100, currency: 'USD' } }));
    expect(error).toMatchObject({ kind: 'rule', code: 'CURRENCY_MISMATCH', details: { currency: 'USD', expected: 'EUR' } });
  });

  it('refuses a conversion on a terminated agreement (AGREEMENT_TERMINATED)', () => {
    expect(given(referralDecider, [registered]).when(convert({ agreement: { ...agreement, terminated: true } })).error.code).toBe(
      'AGREEMENT_TERMINATED',
    );
  });

  it('refuses a conversion before the agreement took effect: no terms to compute on', () => {
    expect(given(referralDecider, [registered]).when(convert({ agreement: { ...agreement, terms: null } })).error.code).toBe(
      'AGREEMENT_NOT_IN_EFFECT',
    );
  });

  it('refuses a second conversion with the same id (ALREADY_EXISTS, a conflict)', () => {
    expect(given(referralDecider, [registered, converted]).when(convert()).error).toMatchObject({ kind: 'conflict', code: 'ALREADY_EXISTS' });
  });

  it('refuses a conversion of a referral that does not exist (NOT_FOUND)', () => {
    expect(given(referralDecider, []).when(convert()).error.code).toBe('NOT_FOUND');
  });
});

describe('referral: refunds', () => {
  it('records a partial refund with the running total and the conversion’s revenue', () => {
    expect(given(referralDecider, [registered, converted]).when(refund(50_000)).events).toEqual([refunded(50_000, 50_000)]);
  });

  it('adds later refunds to the total, up to exactly the revenue', () => {
    const history = [registered, converted, refunded(50_000, 50_000)];
    expect(given(referralDecider, history).when(refund(150_000)).events[0]!.data).toMatchObject({ refundedToDate: eur(200_000) });
  });

  it('refuses refunds beyond the conversion’s revenue (REFUND_EXCEEDS_CONVERSION), saying what is left', () => {
    const { error } = given(referralDecider, [registered, converted, refunded(50_000, 50_000)]).when(refund(150_001));
    expect(error).toMatchObject({ kind: 'rule', code: 'REFUND_EXCEEDS_CONVERSION', details: { refundable: eur(150_000) } });
  });

  it('refuses a refund of an unknown conversion (UNKNOWN_CONVERSION)', () => {
    expect(given(referralDecider, [registered, converted]).when(refund(1, 'conv-nope')).error.code).toBe('UNKNOWN_CONVERSION');
  });

  it('refuses a refund in another currency than the conversion’s', () => {
    expect(given(referralDecider, [registered, converted]).when(refund(1, 'conv-net-1', 'USD')).error.code).toBe('CURRENCY_MISMATCH');
  });
});
