import { proRata } from '../shared/money';

export interface ClawbackInput {
  /** The accrued commission of the conversion (minor units). */
  commission: number;
  /** Revenue refunded so far for the conversion, this refund included. */
  refundedToDate: number;
  /** The conversion's revenue. */
  converted: number;
  /** What earlier refunds of the same conversion already clawed back. */
  clawedSoFar: number;
}

/**
 * The clawback of one refund, computed on the cumulative refund so that rounding never accumulates:
 * round(commission × refundedToDate / converted) − clawed so far, half to even. Partial refunds therefore never
 * sum above the commission, and the refund that completes the conversion claws back exactly what remains.
 * A refund beyond the revenue is treated as a full refund (the referral side refuses it anyway).
 */
export function clawbackFor({ commission, refundedToDate, converted, clawedSoFar }: ClawbackInput): number {
  if (converted <= 0) throw new RangeError('converted revenue must be positive');
  const refunded = Math.min(Math.max(refundedToDate, 0), converted);
  const due = refunded === converted ? commission : proRata(commission, refunded, converted);
  return Math.max(due - clawedSoFar, 0);
}
