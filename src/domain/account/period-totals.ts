import type { AccountState } from './account.state';

export interface AgreementPeriodTotals {
  /** Accrued − clawed back, by the lines' period (the business time of the conversion or refund). */
  net: number;
  bonuses: number;
  /** Positive: the excess already recorded over the cap. */
  capped: number;
}

/** One agreement's money lines in one period and currency. */
export function agreementPeriodTotals(
  state: AccountState,
  agreementId: string,
  period: string,
  currency: string,
): AgreementPeriodTotals {
  const totals = { net: 0, bonuses: 0, capped: 0 };
  for (const line of state.lines.values()) {
    if (line.agreementId !== agreementId || line.period !== period || line.amount.currency !== currency) continue;
    if (line.kind === 'accrual' || line.kind === 'clawback') totals.net += line.amount.amount;
    else if (line.kind === 'bonus') totals.bonuses += line.amount.amount;
    else if (line.kind === 'cap') totals.capped -= line.amount.amount;
  }
  return totals;
}

/**
 * The agreement's conversions in the calendar year of `period` up to the period's end — what a milestone
 * bonus counts. Refunded conversions still count: an order was placed.
 */
export function annualOrders(state: AccountState, agreementId: string, period: string): number {
  const year = period.slice(0, 4);
  let count = 0;
  for (const accrual of state.accruals.values()) {
    // Periods are YYYY-MM, so string order is calendar order.
    if (accrual.agreementId === agreementId && accrual.period.slice(0, 4) === year && accrual.period <= period) count += 1;
  }
  return count;
}

/**
 * Converted revenue accrued earlier on the account (in its order) in the period and currency: the amount a
 * tiered rate looks at "before" the next conversion. Gross of refunds: it measures conversions, not net money.
 */
export function revenueBefore(state: AccountState, period: string, currency: string): number {
  let total = 0;
  for (const accrual of state.accruals.values()) {
    if (accrual.period === period && accrual.revenue.currency === currency) total += accrual.revenue.amount;
  }
  return total;
}
