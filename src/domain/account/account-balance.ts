import type { AccountLine, AccountState } from './account.state';

export interface AccountBalance {
  currency: string;
  accrued: number;
  clawedBack: number;
  bonuses: number;
  adjustments: number;
  capped: number;
  /** Signed sum of the lines still inside their hold at `now`. */
  held: number;
  /** accrued − clawedBack + bonuses + adjustments − capped − held. */
  payable: number;
  /** Signed sum of the lines settled by a paid payout. */
  paid: number;
  /** payable − paid: negative when clawbacks after payment exceed what has accrued since (netted later). */
  balance: number;
}

export interface BalanceQuery {
  currency: string;
  /** Business instant at which holds are judged. */
  now: string;
  /** Only the lines of this period (by default every period). */
  period?: string;
}

/** The account's money in one currency, in minor units (API.md "Money": payable and balance). */
export function accountBalance(state: AccountState, query: BalanceQuery): AccountBalance {
  const totals = { accrued: 0, clawedBack: 0, bonuses: 0, adjustments: 0, capped: 0, held: 0, paid: 0 };
  const now = Date.parse(query.now);
  for (const line of state.lines.values()) {
    if (line.amount.currency !== query.currency) continue;
    if (query.period !== undefined && line.period !== query.period) continue;
    const amount = line.amount.amount;
    switch (line.kind) {
      case 'accrual':
        totals.accrued += amount;
        break;
      case 'clawback':
        totals.clawedBack -= amount;
        break;
      case 'bonus':
        totals.bonuses += amount;
        break;
      case 'cap':
        totals.capped -= amount;
        break;
      case 'adjustment':
        totals.adjustments += amount;
        break;
    }
    if (isHeld(line, now)) totals.held += amount;
    if (line.paid) totals.paid += amount;
  }
  const payable =
    totals.accrued - totals.clawedBack + totals.bonuses + totals.adjustments - totals.capped - totals.held;
  return { currency: query.currency, ...totals, payable, balance: payable - totals.paid };
}

export function isHeld(line: AccountLine, now: number): boolean {
  return line.payableFrom !== undefined && Date.parse(line.payableFrom) > now;
}
