import { commissionAccrualPm } from './commission-accrual.pm';
import { commissionClawbackPm } from './commission-clawback.pm';
import { disputeAdjustmentPm } from './dispute-adjustment.pm';
import type { ProcessManager } from './process-manager';
import { payoutPreparationPm } from './payout-preparation.pm';
import { payoutSettlementPm } from './payout-settlement.pm';

/** The money side's cross-stream effects, in the order the runner calls them for one event. */
export const moneyProcessManagers: readonly ProcessManager[] = [
  commissionAccrualPm,
  commissionClawbackPm,
  disputeAdjustmentPm,
  payoutPreparationPm,
  payoutSettlementPm,
];
