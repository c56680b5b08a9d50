import type { PayoutLine } from '../payout/payout.events';
import type { AccountState } from './account.state';

/** The statement lines of a reservation, as the account knows them (the payout stream keeps its own copy). */
export function payoutLinesOf(state: AccountState, lineIds: readonly string[]): PayoutLine[] {
  return lineIds.map((lineId) => {
    const line = state.lines.get(lineId);
    if (!line) throw new Error(`line ${lineId} is not on the account`);
    return {
      lineId,
      kind: line.kind,
      amount: line.amount,
      period: line.period,
      ...(line.sourceEventId !== undefined ? { sourceEventId: line.sourceEventId } : {}),
      ...(line.referralId !== undefined ? { referralId: line.referralId } : {}),
      ...(line.conversionId !== undefined ? { conversionId: line.conversionId } : {}),
    };
  });
}
