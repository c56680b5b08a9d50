import type { Decider } from '../shared/decider';
import type { AccountEvent } from './account.events';
import type { AccountCommand } from './account.commands';
import { decideAccrual } from './accrue-commission';
import { emptyAccount, evolveAccount, type AccountState } from './account.state';
import { decideClawback } from './claw-back';
import { decideClosePeriod } from './close-period';
import { decideAdjustment } from './post-adjustment';
import { decideReservePayoutLines } from './reserve-payout-lines';
import { decideSettlePayout } from './settle-payout';

/**
 * account-{partnerId}: the partner's money. It guards one accrual per conversion, one adjustment per dispute,
 * one close per period, and that a line is in at most one payout, ever.
 */
export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  // A getter: every fold starts from its own empty state, which evolve may then update in place.
  get initialState() {
    return emptyAccount();
  },
  decide(command, state) {
    switch (command.type) {
      case 'AccrueCommission':
        return decideAccrual(command, state);
      case 'ClawBack':
        return decideClawback(command, state);
      case 'ClosePeriod':
        return decideClosePeriod(command, state);
      case 'PostAdjustment':
        return decideAdjustment(command, state);
      case 'ReservePayoutLines':
        return decideReservePayoutLines(command, state);
      case 'SettlePayout':
        return decideSettlePayout(command, state);
    }
  },
  evolve: evolveAccount,
};
