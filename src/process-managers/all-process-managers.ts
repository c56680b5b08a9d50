import { moneyProcessManagers } from './money-process-managers';
import type { ProcessManager } from './process-manager';
import { referralRegistrationProcessManager } from './referral-registration.pm';

/**
 * Every process manager the runner drives, in order: the partner side's (a referral whose registration crashed
 * after its attribution), then the money side's. Inline, after a command, only the money side's run: the
 * referral handler completes its own registration.
 */
export const allProcessManagers: readonly ProcessManager[] = [referralRegistrationProcessManager, ...moneyProcessManagers];
