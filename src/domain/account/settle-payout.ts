import { accept, refuse, type Decision } from '../shared/decider';
import { notFound } from '../shared/domain-error';
import type { AccountEvent } from './account.events';
import type { SettlePayout } from './account.commands';
import type { AccountState } from './account.state';

/** A paid payout's lines become paid on the account, once. */
export function decideSettlePayout(command: SettlePayout, state: AccountState): Decision<AccountEvent> {
  const payout = state.payouts.get(command.payoutId);
  if (!payout) return refuse(notFound('payout reservation', command.payoutId));
  if (payout.settled) return accept();
  return accept({
    type: 'PayoutSettled',
    occurredAt: command.occurredAt,
    data: {
      partnerId: command.partnerId,
      payoutId: command.payoutId,
      lineIds: payout.lineIds,
      total: payout.total,
      bankReference: command.bankReference,
      sourceEventId: command.sourceEventId,
    },
  });
}
