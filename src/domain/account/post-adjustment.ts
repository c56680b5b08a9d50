import { accept, refuse, type Decision } from '../shared/decider';
import { conflict } from '../shared/domain-error';
import { periodOf } from '../shared/identifiers';
import type { AccountEvent } from './account.events';
import type { PostAdjustment } from './account.commands';
import { accountLineIds } from './account-line-ids';
import type { AccountState } from './account.state';

/** One adjustment per dispute, in the period of the resolution; a zero adjustment posts nothing. */
export function decideAdjustment(command: PostAdjustment, state: AccountState): Decision<AccountEvent> {
  const lineId = accountLineIds.adjustment(command.disputeId);
  if (state.lines.has(lineId)) {
    return refuse(
      conflict('ADJUSTMENT_ALREADY_POSTED', `dispute ${command.disputeId} already posted its adjustment`, {
        disputeId: command.disputeId,
      }),
    );
  }
  if (command.amount.amount === 0) return accept();
  return accept({
    type: 'AdjustmentPosted',
    occurredAt: command.occurredAt,
    data: {
      partnerId: command.partnerId,
      lineId,
      period: periodOf(command.occurredAt),
      disputeId: command.disputeId,
      sourceEventId: command.sourceEventId,
      amount: command.amount,
      reason: command.reason,
    },
  });
}
