import type { AgreementEvent } from '../../../src/domain/agreement/agreement.events';
import { TermsSchema, type Terms, type TermsInput } from '../../../src/domain/agreement/terms.schema';

export const SIGNED_AT = '2026-09-01T12:00:00.000Z';

export const terms = (input: Partial<TermsInput> = {}): Terms =>
  TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps: 1500 }, ...input });

/** The fitness app: a flat 25.00 EUR per conversion and a 15% minimum conversion rate. */
export const fitnessTerms = (consecutiveMisses = 3) =>
  terms({
    commission: { type: 'flat', amount: 2_500 },
    kpis: [{ metric: 'conversionRate', target: { min: 0.15 } }],
    exit: { consecutiveMisses },
  });

export const signed = (t: Terms = terms(), agreementId = 'agr-fitness', partnerId = 'fitness-app'): AgreementEvent => ({
  type: 'AgreementSigned',
  data: { agreementId, partnerId, terms: t, termsVersion: 1, effectiveFrom: SIGNED_AT },
  occurredAt: SIGNED_AT,
});

export const amended = (t: Terms, termsVersion: number, effectiveFrom: string, agreementId = 'agr-fitness'): AgreementEvent => ({
  type: 'AgreementAmended',
  data: { agreementId, partnerId: 'fitness-app', terms: t, termsVersion, effectiveFrom },
  occurredAt: effectiveFrom,
});

export const terminated = (agreementId = 'agr-fitness'): AgreementEvent => ({
  type: 'AgreementTerminated',
  data: { agreementId, partnerId: 'fitness-app', reason: 'missed its KPI three months running' },
  occurredAt: '2026-12-05T10:00:00.000Z',
});
