import { accountDecider } from '../../domain/account/account.decider';
import { accrualForConversion, type ConvertedRevenue } from '../../domain/account/accrual-for-conversion';
import type { AgreementState } from '../../domain/agreement/agreement.state';
import { DomainErrorException, rule } from '../../domain/shared/domain-error';
import { AmountOutOfRangeError } from '../../domain/shared/money';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';
import { loadState } from '../../process-managers/stream-state';

/**
 * The accrual a conversion causes is posted later, by the commission-accrual process manager; if it could not
 * be (its commission, or the account's totals with it, beyond a safe integer of minor units) that manager
 * would stop on it and every later money effect with it. So the conversion is refused first, by deciding the
 * very same accrual on the account as it stands. Other outcomes (a refusal such as ALREADY_ACCRUED on a retry)
 * are the process manager's to handle, as ever.
 */
export async function refuseUnbookableCommission(
  store: EventStore,
  conversion: ConvertedRevenue,
  agreement: AgreementState,
  occurredAt: string,
): Promise<void> {
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
