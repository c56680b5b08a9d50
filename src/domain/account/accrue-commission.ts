import { quoteCommission } from '../commission/commission-rule';
import { accept, refuse, type Decision } from '../shared/decider';
import { conflict, rule } from '../shared/domain-error';
import { addDays, periodOf } from '../shared/identifiers';
import type { AccountEvent } from './account.events';
import type { AccrueCommission } from './account.commands';
import { accountLineIds } from './account-line-ids';
import type { AccountState } from './account.state';
import { agreementPeriodTotals, revenueBefore } from './period-totals';

/**
 * One accrual per conversion, ever, on the terms version in effect at the conversion's business time. A
 * conversion that arrives after its period was closed is still owed, in its own period, but held to the cap
 * that period closed with.
 */
export function decideAccrual(command: AccrueCommission, state: AccountState): Decision<AccountEvent> {
  const { terms, revenue, conversionId, occurredAt } = command;
  if (state.accruals.has(conversionId)) {
    return refuse(conflict('ALREADY_ACCRUED', `conversion ${conversionId} has already accrued its commission`, { conversionId }));
  }
  if (terms === null) {
    return refuse(
      rule('NO_TERMS_IN_EFFECT', `agreement ${command.agreementId} has no terms in effect at ${occurredAt}`, {
        agreementId: command.agreementId,
        occurredAt,
      }),
    );
  }
  if (terms.partnerId !== command.partnerId) {
    return refuse(
      rule('PARTNER_MISMATCH', `agreement ${command.agreementId} belongs to partner ${terms.partnerId}`, {
        agreementId: command.agreementId,
      }),
    );
  }
  if (revenue.currency !== terms.terms.currency) {
    return refuse(
      rule('CURRENCY_MISMATCH', `revenue in ${revenue.currency}, terms in ${terms.terms.currency}`, {
        revenue: revenue.currency,
        terms: terms.terms.currency,
      }),
    );
  }
  const period = periodOf(occurredAt);
  const quote = quoteCommission(terms.terms.commission, revenue, revenueBefore(state, period, revenue.currency));
  const commission = { amount: quote.amount, currency: revenue.currency };
  const accrued: AccountEvent = {
    type: 'CommissionAccrued',
    occurredAt,
    data: {
      partnerId: command.partnerId,
      lineId: accountLineIds.accrual(conversionId),
      period,
      agreementId: command.agreementId,
      referralId: command.referralId,
      conversionId,
      sourceEventId: command.sourceEventId,
      revenue,
      commission,
      termsVersion: terms.termsVersion,
      commissionType: quote.type,
      ...(quote.rateBps !== undefined ? { rateBps: quote.rateBps } : {}),
      payableFrom: addDays(occurredAt, terms.terms.holdDays),
    },
  };
  const lateCap = capOfLateAccrual(command, state, period, commission.amount);
  return lateCap ? accept(accrued, lateCap) : accept(accrued);
}

function capOfLateAccrual(
  command: AccrueCommission,
  state: AccountState,
  period: string,
  commission: number,
): AccountEvent | null {
  const cap = state.closedPeriods.get(period)?.get(command.agreementId);
  if (!cap || cap.currency !== command.revenue.currency) return null;
  const totals = agreementPeriodTotals(state, command.agreementId, period, cap.currency);
  const excess = Math.max(totals.net + commission + totals.bonuses - cap.amount, 0) - totals.capped;
  if (excess <= 0) return null;
  return {
    type: 'CommissionCapped',
    occurredAt: command.occurredAt,
    data: {
      partnerId: command.partnerId,
      lineId: accountLineIds.lateCap(command.agreementId, period, command.conversionId),
      period,
      cap,
      amount: { amount: Math.min(excess, commission), currency: cap.currency },
      agreementId: command.agreementId,
      termsVersion: command.terms!.termsVersion,
    },
  };
}
