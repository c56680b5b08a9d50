import { describe, expect, it } from 'vitest';
import type { AgreementSnapshot } from '../../../src/domain/agreement/agreement-snapshot';
import { redemptionReferralId } from '../../../src/domain/attribution/attribution-keys';
import type { AttributeCustomer } from '../../../src/domain/attribution/attribution.commands';
import { attributionDecider } from '../../../src/domain/attribution/attribution.decider';
import type { AttributionEvent } from '../../../src/domain/attribution/attribution.events';
import { IdSchema } from '../../../src/domain/shared/identifiers';
import { given } from '../partner/decider-spec';
import { terms } from '../agreement/agreement-fixtures';

const agreement = (agreementId: string, partnerId: string, attributionWindowDays = 90): AgreementSnapshot => ({
  agreementId,
  partnerId,
  terminated: false,
  terms: { termsVersion: 1, terms: terms({ attributionWindowDays }), effectiveFrom: '2026-01-01T00:00:00.000Z', declaredAt: '2026-01-01T00:00:00.000Z' },
  effectiveFrom: '2026-01-01T00:00:00.000Z',
});

const claim = (snapshot: AgreementSnapshot, referralId: string, occurredAt: string): AttributeCustomer => ({
  type: 'AttributeCustomer',
  customerId: 'cust-1',
  agreementId: snapshot.agreementId,
  source: { type: 'referral', id: referralId },
  referralId,
  agreement: snapshot,
  occurredAt,
});

const decideAll = (...claims: AttributeCustomer[]): AttributionEvent[] =>
  claims.reduce<AttributionEvent[]>((history, c) => [...history, ...given(attributionDecider, history).when(c).events], []);

const agencyA = agreement('agr-a', 'partner-a');
const agencyB = agreement('agr-b', 'partner-b');

describe('attribution: one partner per customer inside the window', () => {
  it('attributes a new customer to the agreement’s partner for the agreement’s window (90 days by default)', () => {
    expect(given(attributionDecider, []).when(claim(agencyA, 'ref-1', '2026-09-03T10:00:00.000Z')).events).toEqual([
      {
        type: 'CustomerAttributed',
        data: {
          customerId: 'cust-1',
          partnerId: 'partner-a',
          agreementId: 'agr-a',
          source: { type: 'referral', id: 'ref-1' },
          attributedAt: '2026-09-03T10:00:00.000Z',
          windowEndsAt: '2026-12-02T10:00:00.000Z',
          referralId: 'ref-1',
        },
        occurredAt: '2026-09-03T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a second attribution of the customer inside another partner’s window, naming its end', () => {
    const history = decideAll(claim(agencyA, 'ref-1', '2026-09-03T10:00:00.000Z'));
    const { error } = given(attributionDecider, history).when(claim(agencyB, 'ref-2', '2026-12-02T09:59:59.999Z'));
    expect(error).toMatchObject({
      kind: 'rule',
      code: 'ALREADY_ATTRIBUTED',
      details: { customerId: 'cust-1', partnerId: 'partner-a', windowEndsAt: '2026-12-02T10:00:00.000Z' },
    });
  });

  it('lets a new partner claim the customer from the instant the window ends', () => {
    const history = decideAll(claim(agencyA, 'ref-1', '2026-09-03T10:00:00.000Z'));
    expect(given(attributionDecider, history).when(claim(agencyB, 'ref-2', '2026-12-02T10:00:00.000Z')).events[0]!.data).toMatchObject({
      partnerId: 'partner-b',
    });
  });

  it('uses the window of the agreement’s terms', () => {
    const short = agreement('agr-a', 'partner-a', 10);
    const history = decideAll(claim(short, 'ref-1', '2026-09-03T10:00:00.000Z'));
    expect(history[0]!.data.windowEndsAt).toBe('2026-09-13T10:00:00.000Z');
    expect(given(attributionDecider, history).when(claim(agencyB, 'ref-2', '2026-09-13T10:00:00.000Z')).events).toHaveLength(1);
  });

  it('lets the same partner claim again inside its own window, renewing the window from the new claim', () => {
    const history = decideAll(claim(agencyA, 'ref-1', '2026-09-03T10:00:00.000Z'));
    const { events } = given(attributionDecider, history).when(claim(agreement('agr-a2', 'partner-a'), 'ref-3', '2026-10-01T10:00:00.000Z'));
    expect(events[0]!.data).toMatchObject({ partnerId: 'partner-a', agreementId: 'agr-a2', windowEndsAt: '2026-12-30T10:00:00.000Z' });
  });

  it('never shortens the same partner’s window with a claim of a shorter agreement', () => {
    const history = decideAll(claim(agencyA, 'ref-1', '2026-09-03T10:00:00.000Z'));
    const { events } = given(attributionDecider, history).when(claim(agreement('agr-a2', 'partner-a', 5), 'ref-3', '2026-09-04T10:00:00.000Z'));
    expect(events[0]!.data.windowEndsAt).toBe('2026-12-02T10:00:00.000Z');
  });

  it('refuses to attribute under a terminated agreement, or one not yet in effect', () => {
    expect(given(attributionDecider, []).when(claim({ ...agencyA, terminated: true }, 'r', '2026-09-03T10:00:00.000Z')).error.code).toBe(
      'AGREEMENT_TERMINATED',
    );
    expect(given(attributionDecider, []).when(claim({ ...agencyA, terms: null }, 'r', '2026-09-03T10:00:00.000Z')).error.code).toBe(
      'AGREEMENT_NOT_IN_EFFECT',
    );
    expect(given(attributionDecider, []).when({ ...claim(agencyA, 'r', '2026-09-03T10:00:00.000Z'), agreement: null }).error.code).toBe(
      'UNKNOWN_AGREEMENT',
    );
  });
});

describe('the referral a redemption registers', () => {
  it('is offer.{offerId}.{customerId} when that fits an id', () => {
    expect(redemptionReferralId('autumn', 'cust-1')).toBe('offer.autumn.cust-1');
  });

  it('is a digest of both when that would be too long, never a cut that could merge two customers', () => {
    const long = 'x'.repeat(60);
    const a = redemptionReferralId(long, 'customer-a');
    const b = redemptionReferralId(long, 'customer-b');
    expect(a).not.toBe(b);
    expect(IdSchema.safeParse(a).success).toBe(true);
    expect(redemptionReferralId(long, 'customer-a')).toBe(a);
  });
});
