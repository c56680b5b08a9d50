import { z } from 'zod';
import { TermsVersionSchema } from '../commission/terms-in-effect';
import { PreparePayoutBody } from '../payout/payout.commands';
import { PayoutPaid } from '../payout/payout.events';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';

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
export const AgreementAtCloseSchema = z.object({
  agreementId: IdSchema,
  /** The terms version in effect at the period's last instant (null if none was yet). */
  terms: TermsVersionSchema.nullable(),
  /** The period's retentionRate measurement (the latest one, a correction replacing the earlier). */
  retentionRate: z.number().optional(),
});
export type AgreementAtClose = z.infer<typeof AgreementAtCloseSchema>;

/** Id of the event that caused the command (traceability). */
const sourceEventId = z.string();

/** Accrue the commission of one conversion (process manager, from ReferralConverted). */
export const AccrueCommission = defineCommand('AccrueCommission', 1, {
  partnerId: IdSchema,
  agreementId: IdSchema,
  referralId: IdSchema,
  conversionId: IdSchema,
  revenue: MoneySchema,
  /** The ReferralConverted event. */
  sourceEventId,
  /** The agreement's terms version in effect at the conversion's occurredAt (null: none). */
  terms: TermsVersionSchema.nullable(),
});
export type AccrueCommission = CommandOf<typeof AccrueCommission>;

/** Claw back the commission of a refunded conversion (process manager, from RevenueRefunded). */
export const ClawBack = defineCommand('ClawBack', 1, {
  partnerId: IdSchema,
  conversionId: IdSchema,
  refund: MoneySchema,
  refundedToDate: MoneySchema,
  converted: MoneySchema,
  /** The RevenueRefunded event. */
  sourceEventId,
});
export type ClawBack = CommandOf<typeof ClawBack>;

export const ClosePeriod = defineCommand('ClosePeriod', 1, {
  partnerId: IdSchema,
  period: PeriodSchema,
  agreements: z.array(AgreementAtCloseSchema),
});
export type ClosePeriod = CommandOf<typeof ClosePeriod>;

/** Post a dispute's adjustment (process manager, from DisputeResolved). */
export const PostAdjustment = defineCommand('PostAdjustment', 1, {
  partnerId: IdSchema,
  disputeId: IdSchema,
  /** Signed. */
  amount: MoneySchema,
  reason: ReasonSchema,
  /** The DisputeResolved event. */
  sourceEventId,
});
export type PostAdjustment = CommandOf<typeof PostAdjustment>;

/**
 * Reserve the lines of a payout being prepared (POST /v1/payouts): the guard that a line is in at most one
 * payout, ever. `occurredAt` is the business time of the preparation: lines still inside their hold then are
 * left out.
 */
export const ReservePayoutLines = defineCommand('ReservePayoutLines', 1, withoutEnvelope(PreparePayoutBody));
export type ReservePayoutLines = CommandOf<typeof ReservePayoutLines>;

/** Mark a paid payout's lines as paid (process manager, from PayoutPaid). */
export const SettlePayout = defineCommand('SettlePayout', 1, {
  partnerId: IdSchema,
  payoutId: IdSchema,
  bankReference: PayoutPaid.data.shape.bankReference,
  /** The PayoutPaid event. */
  sourceEventId,
});
export type SettlePayout = CommandOf<typeof SettlePayout>;

export const accountCommands = [AccrueCommission, ClawBack, ClosePeriod, PostAdjustment, ReservePayoutLines, SettlePayout] as const;
export type AccountCommand = AccrueCommission | ClawBack | ClosePeriod | PostAdjustment | ReservePayoutLines | SettlePayout;
