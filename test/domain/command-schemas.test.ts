import { describe, expect, it } from 'vitest';
import { AccrueCommission, type AccrueCommission as AccrueCommissionCommand } from '../../src/domain/account/account.commands';
import type { AgreementSnapshot } from '../../src/domain/agreement/agreement-snapshot';
import { SignAgreement, type SignAgreement as SignAgreementCommand } from '../../src/domain/agreement/agreement.commands';
import { AttributeCustomer, type AttributeCustomer as AttributeCustomerCommand } from '../../src/domain/attribution/attribution.commands';
import { commandDefinitions } from '../../src/domain/command-catalogue';
import { ResolveDispute, type ResolveDispute as ResolveDisputeCommand } from '../../src/domain/dispute/dispute.commands';
import { RedeemOffer, type RedeemOffer as RedeemOfferCommand } from '../../src/domain/offer/offer.commands';
import { ScreenPartner, type ScreenPartner as ScreenPartnerCommand } from '../../src/domain/partner/partner.commands';
import { PreparePayout, type PreparePayout as PreparePayoutCommand } from '../../src/domain/payout/payout.commands';
import { RecordConversion, type RecordConversion as RecordConversionCommand } from '../../src/domain/referral/referral.commands';
import type { CommandDefinition } from '../../src/domain/shared/command-definition';
import { terms } from './agreement/agreement-fixtures';

const AT = '2026-10-02T09:00:00.000Z';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const snapshot: AgreementSnapshot = {
  agreementId: 'agr-1',
  partnerId: 'p1',
  terminated: false,
  terms: { termsVersion: 1, terms: terms(), effectiveFrom: AT, declaredAt: AT },
  effectiveFrom: AT,
};

// Typed with the derived types, so a schema that drifted from what the deciders take would not compile either.
const screen: ScreenPartnerCommand = {
  type: 'ScreenPartner',
  partnerId: 'p1',
  card: { debtRatio: 20, auditedYears: 3, successfulCases: 12, scores: { channel: 7, customerBase: 6, reputation: 8, culture: 7, skills: 6 } },
  occurredAt: AT,
};
const sign: SignAgreementCommand = { type: 'SignAgreement', agreementId: 'agr-1', partnerId: 'p1', terms: terms(), partnerStatus: 'approved', occurredAt: AT };
const redeem: RedeemOfferCommand = { type: 'RedeemOffer', offerId: 'o1', code: 'WELCOME', customerId: 'c1', referralId: 'r1', agreement: snapshot, occurredAt: AT };
const attribute: AttributeCustomerCommand = {
  type: 'AttributeCustomer',
  customerId: 'c1',
  agreementId: 'agr-1',
  source: { type: 'offer', id: 'o1' },
  referralId: 'r1',
  agreement: null,
  occurredAt: AT,
};
const convert: RecordConversionCommand = { type: 'RecordConversion', referralId: 'r1', conversionId: 'cv1', revenue: eur(10_000), agreement: snapshot, occurredAt: AT };
const accrue: AccrueCommissionCommand = {
  type: 'AccrueCommission',
  partnerId: 'p1',
  agreementId: 'agr-1',
  referralId: 'r1',
  conversionId: 'cv1',
  revenue: eur(10_000),
  sourceEventId: 'e1',
  terms: { agreementId: 'agr-1', partnerId: 'p1', termsVersion: 1, terms: terms(), effectiveFrom: AT },
  occurredAt: AT,
};
const prepare: PreparePayoutCommand = {
  type: 'PreparePayout',
  payoutId: 'pay-1',
  partnerId: 'p1',
  period: '2026-09',
  lines: [{ lineId: 'accrual:cv1', kind: 'accrual', amount: eur(1_500), period: '2026-09' }],
  total: eur(1_500),
  preparedBy: 'alice',
  occurredAt: AT,
};
const resolve: ResolveDisputeCommand = { type: 'ResolveDispute', disputeId: 'd1', outcome: 'partial', adjustment: eur(-500), reason: 'half upheld', occurredAt: AT };

const cases: [string, CommandDefinition, object, object][] = [
  ['partner', ScreenPartner, screen, { ...screen, card: { ...screen.card, debtRatio: 101 } }],
  ['agreement', SignAgreement, sign, { ...sign, partnerStatus: 'pending' }],
  ['offer', RedeemOffer, redeem, { ...redeem, referralId: undefined }],
  ['attribution', AttributeCustomer, attribute, { ...attribute, source: { type: 'newsletter', id: 'n1' } }],
  ['referral', RecordConversion, convert, { ...convert, revenue: { amount: 10.5, currency: 'EUR' } }],
  ['account', AccrueCommission, accrue, { ...accrue, terms: undefined }],
  ['payout', PreparePayout, prepare, { ...prepare, lines: [] }],
  ['dispute', ResolveDispute, resolve, { ...resolve, occurredAt: '2 October 2026' }],
];

describe('command schemas', () => {
  it.each(cases)('%s: parses a well-formed command and rejects a malformed one', (_aggregate, definition, valid, malformed) => {
    expect(definition.schema.parse(valid)).toEqual(valid);
    expect(definition.schema.safeParse(malformed).success).toBe(false);
  });

  it.each(cases)('%s: the schema requires its own type literal, at version 1', (_aggregate, definition, valid) => {
    expect(definition.schemaVersion).toBe(1);
    expect(definition.schema.parse(valid)).toMatchObject({ type: definition.type });
    expect(definition.schema.safeParse({ ...valid, type: `${definition.type}X` }).success).toBe(false);
  });

  it('catalogues every command once, each schema naming its own type', () => {
    const types = commandDefinitions.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(26);
    for (const definition of commandDefinitions) {
      expect(definition.schema.shape.type.def).toMatchObject({ type: 'literal', values: [definition.type] });
    }
  });
});
