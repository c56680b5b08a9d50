import { termsAt, type AgreementState } from '../agreement/agreement.state';
import type { Terms } from '../agreement/terms.schema';
import { periodEnd } from '../shared/identifiers';

/** One version of an agreement's terms, as the money side passes it into its commands. */
export interface TermsVersion {
  agreementId: string;
  partnerId: string;
  termsVersion: number;
  terms: Terms;
  effectiveFrom: string;
}

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
