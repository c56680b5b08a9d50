import { z } from 'zod';
import { termsAt, TermsVersionViewSchema, type AgreementState } from '../agreement/agreement.state';
import { IdSchema, periodEnd } from '../shared/identifiers';

/** One version of an agreement's terms, as the money side passes it into its commands. */
export const TermsVersionSchema = TermsVersionViewSchema.pick({ termsVersion: true, terms: true, effectiveFrom: true }).extend({
  agreementId: IdSchema,
  partnerId: IdSchema,
});
export type TermsVersion = z.infer<typeof TermsVersionSchema>;

/** The agreement's terms version in effect at a business instant (the agreement's own `termsAt`), or null. */
export function termsVersionAt(agreement: AgreementState, instant: string): TermsVersion | null {
  if (!agreement.agreementId || !agreement.partnerId) return null;
  const version = termsAt(agreement, instant);
  if (!version) return null;
  return {
    agreementId: agreement.agreementId,
    partnerId: agreement.partnerId,
    termsVersion: version.termsVersion,
    terms: version.terms,
    effectiveFrom: version.effectiveFrom,
  };
}

/** The last instant of a period: bonuses and caps come from the terms in effect then. */
export function lastInstantOf(period: string): string {
  return new Date(Date.parse(periodEnd(period)) - 1).toISOString();
}
