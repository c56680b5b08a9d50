import { accept, refuse, type Decision } from '../shared/decider';
import { conflict, rule } from '../shared/domain-error';
import type { AccountEvent } from './account.events';
import type { ReservePayoutLines } from './account.commands';
import { isHeld } from './account-balance';
import type { AccountLine, AccountState } from './account.state';

/**
 * The lines a payout for `period` pays: every line not yet in any payout, past its hold, of a closed period up to
 * the requested one (a period's caps are only known once it is closed), in one currency. Negative lines
 * (clawbacks after payment, caps, negative adjustments) are included so that they net against what is owed; if
 * the total is not positive nothing is reserved and the negative balance carries over.
 */
export function decideReservePayoutLines(command: ReservePayoutLines, state: AccountState): Decision<AccountEvent> {
  const { payoutId, period, partnerId } = command;
  if (state.payouts.has(payoutId)) {
    return refuse(conflict('PAYOUT_ALREADY_EXISTS', `payout ${payoutId} already reserved its lines`, { payoutId }));
  }
  if (!state.closedPeriods.has(period)) {
    return refuse(rule('PERIOD_NOT_CLOSED', `period ${period} of partner ${partnerId} is not closed yet`, { period }));
  }
  const candidates = payableLines(state, period, command.occurredAt);
  const currencies = [...new Set(candidates.map((line) => line.amount.currency))].sort();
  if (command.currency === undefined && currencies.length > 1) {
    return refuse(
      rule('CURRENCY_REQUIRED', `partner ${partnerId} has payable lines in ${currencies.join(', ')}: name one`, { currencies }),
    );
  }
  const currency = command.currency ?? currencies[0];
  const lines = candidates.filter((line) => line.amount.currency === currency);
  const total = lines.reduce((sum, line) => sum + line.amount.amount, 0);
  if (currency === undefined || lines.length === 0 || total <= 0) {
    return refuse(
      rule('NOTHING_TO_PAY', `partner ${partnerId} has nothing payable up to ${period}`, {
        period,
        ...(currency !== undefined ? { total: { amount: total, currency } } : {}),
        lines: lines.length,
      }),
    );
  }
  return accept({
    type: 'PayoutLinesReserved',
    occurredAt: command.occurredAt,
    data: {
      partnerId,
      payoutId,
      period,
      lineIds: lines.map((line) => line.lineId),
      total: { amount: total, currency },
    },
  });
}

export function payableLines(state: AccountState, period: string, now: string): AccountLine[] {
  const at = Date.parse(now);
  const lines: AccountLine[] = [];
  for (const line of state.lines.values()) {
    if (line.reservedBy !== undefined || line.paid) continue;
    if (line.period > period || !state.closedPeriods.has(line.period)) continue;
    if (isHeld(line, at)) continue;
    lines.push(line);
  }
  return lines;
}
