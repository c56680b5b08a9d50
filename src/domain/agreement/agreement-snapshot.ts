import { z } from 'zod';
import { rule, type DomainError } from '../shared/domain-error';
import { IdSchema, InstantSchema } from '../shared/identifiers';
import { termsAt, TermsVersionViewSchema, type AgreementState, type TermsVersionView } from './agreement.state';

/**
 * What another aggregate's decision needs to know of an agreement (offers, attributions, conversions): loaded
 * by the handler and passed inside the command, so those deciders stay pure.
 */
export const AgreementSnapshotSchema = z.object({
  agreementId: IdSchema,
  partnerId: IdSchema,
  terminated: z.boolean(),
  /** The terms version in effect at the command's business time (null: none yet). */
  terms: TermsVersionViewSchema.nullable(),
  /** Version 1's effectiveFrom, for the message when no terms are in effect yet. */
  effectiveFrom: InstantSchema,
});
export type AgreementSnapshot = z.infer<typeof AgreementSnapshotSchema>;

/** Null when the agreement does not exist. */
export function agreementSnapshotAt(state: AgreementState, instant: string): AgreementSnapshot | null {
  if (state.status === 'absent' || !state.agreementId || !state.partnerId) return null;
  return {
    agreementId: state.agreementId,
    partnerId: state.partnerId,
    terminated: state.status === 'terminated',
    terms: termsAt(state, instant),
    effectiveFrom: state.versions[0]!.effectiveFrom,
  };
}

/**
 * The agreement a new offer, redemption, referral or conversion hangs on must exist, must not be terminated,
 * and must have terms in effect at the command's business time (nothing can be computed on no terms).
 */
export function agreementInEffect(
  snapshot: AgreementSnapshot | null,
  agreementId: string,
  occurredAt: string,
): { ok: true; partnerId: string; terms: TermsVersionView } | { ok: false; error: DomainError } {
  if (!snapshot) {
    return { ok: false, error: rule('UNKNOWN_AGREEMENT', `agreement ${agreementId} does not exist`, { agreementId }) };
  }
  if (snapshot.terminated) {
    return { ok: false, error: rule('AGREEMENT_TERMINATED', `agreement ${agreementId} is terminated`, { agreementId }) };
  }
  if (!snapshot.terms) {
    return {
      ok: false,
      error: rule('AGREEMENT_NOT_IN_EFFECT', `agreement ${agreementId} takes effect at ${snapshot.effectiveFrom}, after ${occurredAt}`, {
        agreementId,
        effectiveFrom: snapshot.effectiveFrom,
        occurredAt,
      }),
    };
  }
  return { ok: true, partnerId: snapshot.partnerId, terms: snapshot.terms };
}
