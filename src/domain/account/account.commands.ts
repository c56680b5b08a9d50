import { z } from 'zod';
import type { TermsVersion } from '../commission/terms-in-effect';
import type { PreparePayoutBody } from '../payout/payout.commands';
import { InstantSchema, ReasonSchema } from '../shared/identifiers';
import type { Money } from '../shared/money';

/**
 * POST /v1/partners/{id}/periods/{period}/close: the body carries only the envelope (business time, reason);
 * partner and period come from the path, and what the close needs from the agreements is loaded by the handler.
 */
export const ClosePeriodBody = z
  .strictObject({ occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() })
  // A POST without a body is as good as an empty one here.
  .default({});
export type ClosePeriodBody = z.infer<typeof ClosePeriodBody>;

/** What the close needs to know about one of the partner's agreements, loaded from its stream. */
export interface AgreementAtClose {
  agreementId: string;
  /** The terms version in effect at the period's last instant (null if none was yet). */
  terms: TermsVersion | null;
  /** The period's retentionRate measurement (the latest one, a correction replacing the earlier). */
  retentionRate?: number;
}

/** Accrue the commission of one conversion (process manager, from ReferralConverted). */
export interface AccrueCommission {
  type: 'AccrueCommission';
  partnerId: string;
  agreementId: string;
  referralId: string;
  conversionId: string;
  revenue: Money;
  /** The ReferralConverted event. */
  sourceEventId: string;
  /** The agreement's terms version in effect at the conversion's occurredAt (null: none). */
  terms: TermsVersion | null;
  occurredAt: string;
}

/** Claw back the commission of a refunded conversion (process manager, from RevenueRefunded). */
export interface ClawBack {
  type: 'ClawBack';
  partnerId: string;
  conversionId: string;
  refund: Money;
  refundedToDate: Money;
  converted: Money;
  /** The RevenueRefunded event. */
  sourceEventId: string;
  occurredAt: string;
}

export interface ClosePeriod {
  type: 'ClosePeriod';
  partnerId: string;
  period: string;
  agreements: AgreementAtClose[];
  occurredAt: string;
}

/** Post a dispute's adjustment (process manager, from DisputeResolved). */
export interface PostAdjustment {
  type: 'PostAdjustment';
  partnerId: string;
  disputeId: string;
  /** Signed. */
  amount: Money;
  reason: string;
  /** The DisputeResolved event. */
  sourceEventId: string;
  occurredAt: string;
}

/**
 * Reserve the lines of a payout being prepared (POST /v1/payouts): the guard that a line is in at most one
 * payout, ever. `occurredAt` is the business time of the preparation: lines still inside their hold then are
 * left out.
 */
export type ReservePayoutLines = Omit<PreparePayoutBody, 'occurredAt' | 'reason'> & {
  type: 'ReservePayoutLines';
  occurredAt: string;
};

/** Mark a paid payout's lines as paid (process manager, from PayoutPaid). */
export interface SettlePayout {
  type: 'SettlePayout';
  partnerId: string;
  payoutId: string;
  bankReference: string;
  /** The PayoutPaid event. */
  sourceEventId: string;
  occurredAt: string;
}

export type AccountCommand = AccrueCommission | ClawBack | ClosePeriod | PostAdjustment | ReservePayoutLines | SettlePayout;
