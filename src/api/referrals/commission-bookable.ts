import { accountDecider } from '../../domain/account/account.decider';
import { accrualForConversion, type ConvertedRevenue } from '../../domain/account/accrual-for-conversion';
import type { AgreementState } from '../../domain/agreement/agreement.state';
import { commissionCeiling } from '../../domain/commission/commission-rule';
import { termsVersionAt } from '../../domain/commission/terms-in-effect';
import { DomainErrorException, rule } from '../../domain/shared/domain-error';
import { AmountOutOfRangeError } from '../../domain/shared/money';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';
import { loadState } from '../../application/stream-state-cache';

/** Below this, revenue and commission alike, no account comes near a safe integer (see below). */
const FOLD_ABOVE = BigInt(Number.MAX_SAFE_INTEGER) >> 10n;

/**
 * The accrual a conversion causes is posted later, by the commission-accrual process manager; if it could not
 * be (its commission, or the account's totals with it, beyond a safe integer of minor units) that manager
 * would stop on it and every later money effect with it. So the conversion is refused first, by deciding the
 * very same accrual on the account as it stands. Other outcomes (a refusal such as ALREADY_ACCRUED on a retry)
 * are the process manager's to handle, as ever.
 *
 * Folding the account costs a read of its whole stream, so it is done only for a conversion large enough to
 * matter: below FOLD_ABOVE, it would take 1024 such conversions in one account to come near a safe integer
 * (some 90 trillion euros).
 */
export async function refuseUnbookableCommission(
  store: EventStore,
  conversion: ConvertedRevenue,
  agreement: AgreementState,
  occurredAt: string,
): Promise<void> {
  const terms = termsVersionAt(agreement, occurredAt);
  const ceiling = terms === null ? 0n : commissionCeiling(terms.terms.commission, conversion.revenue);
  if (BigInt(conversion.revenue.amount) <= FOLD_ABOVE && ceiling <= FOLD_ABOVE) return;
  const account = await loadState(store, streams.account(conversion.partnerId), accountDecider);
  try {
    const decision = accountDecider.decide(accrualForConversion(conversion, 'not-yet-recorded', agreement, occurredAt), account);
    if (decision.ok) decision.events.reduce(accountDecider.evolve, account);
  } catch (error) {
    if (!(error instanceof AmountOutOfRangeError)) throw error;
    throw new DomainErrorException(
      rule('AMOUNT_OUT_OF_RANGE', `the commission on conversion ${conversion.conversionId} could not be booked: ${error.message}`, {
        conversionId: conversion.conversionId,
        revenue: conversion.revenue,
      }),
    );
  }
}
