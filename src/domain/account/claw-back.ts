import { clawbackFor } from '../commission/clawback';
import { accept, refuse, type Decision } from '../shared/decider';
import { rule } from '../shared/domain-error';
import { periodOf } from '../shared/identifiers';
import type { AccountEvent } from './account.events';
import type { ClawBack } from './account.commands';
import { accountLineIds } from './account-line-ids';
import type { AccountState } from './account.state';

/**
 * A refund claws back its share of the conversion's commission, in the refund's own period, even after the
 * commission was paid (the balance may then go negative and is netted against later payouts). A refund already
 * clawed back, or one whose share rounds to nothing, appends nothing.
 */
export function decideClawback(command: ClawBack, state: AccountState): Decision<AccountEvent> {
  const accrual = state.accruals.get(command.conversionId);
  if (!accrual) {
    return refuse(
      rule('UNKNOWN_ACCRUAL', `conversion ${command.conversionId} has no commission on this account`, {
        conversionId: command.conversionId,
      }),
    );
  }
  const lineId = accountLineIds.clawback(command.sourceEventId);
  if (state.lines.has(lineId)) return accept();
  if (command.refund.currency !== accrual.revenue.currency || command.converted.currency !== accrual.revenue.currency) {
    return refuse(
      rule('CURRENCY_MISMATCH', `refund in ${command.refund.currency}, conversion in ${accrual.revenue.currency}`, {
        refund: command.refund.currency,
        conversion: accrual.revenue.currency,
      }),
    );
  }
  const amount = clawbackFor({
    commission: accrual.commission.amount,
    refundedToDate: command.refundedToDate.amount,
    converted: command.converted.amount,
    clawedSoFar: accrual.clawedBack,
  });
  if (amount === 0) return accept();
  return accept({
    type: 'CommissionClawedBack',
    occurredAt: command.occurredAt,
    data: {
      partnerId: command.partnerId,
      lineId,
      period: periodOf(command.occurredAt),
      agreementId: accrual.agreementId,
      referralId: accrual.referralId,
      conversionId: accrual.conversionId,
      sourceEventId: command.sourceEventId,
      accrualLineId: accrual.lineId,
      amount: { amount, currency: accrual.commission.currency },
      refund: command.refund,
      termsVersion: accrual.termsVersion,
    },
  });
}
