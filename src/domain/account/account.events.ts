import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { MoneySchema, RateBpsSchema } from '../shared/money';

/**
 * Stream account-{partnerId}: the partner's money. Every money line has a deterministic, readable `lineId`
 * ("accrual:{conversionId}", "clawback:{refundEventId}", "bonus:{agreementId}:{period}:{kind}",
 * "cap:{agreementId}:{period}" at the period's close, "cap:{agreementId}:{period}:{conversionId}" for a late
 * accrual into a closed period, "adjustment:{disputeId}") so that a payout names exactly which lines it pays and a
 * line can be paid at most once, ever. `sourceEventId` is the event that caused the line (traceability).
 * A cap is a term of one agreement, so it limits that agreement's commissions and bonuses of the period.
 */
const LineBase = {
  partnerId: IdSchema,
  lineId: z.string().min(1).max(200),
  period: PeriodSchema,
};

export const CommissionAccrued = defineEvent(
  'CommissionAccrued',
  1,
  z.object({
    ...LineBase,
    agreementId: IdSchema,
    referralId: IdSchema,
    conversionId: IdSchema,
    sourceEventId: z.string(),
    revenue: MoneySchema,
    commission: MoneySchema,
    termsVersion: z.number().int().min(1),
    commissionType: z.enum(['percentage', 'flat', 'tiered']),
    rateBps: RateBpsSchema.optional(),
    /** The line is payable from this instant on (occurredAt + holdDays). */
    payableFrom: InstantSchema,
  }),
);

export const CommissionClawedBack = defineEvent(
  'CommissionClawedBack',
  1,
  z.object({
    ...LineBase,
    agreementId: IdSchema,
    referralId: IdSchema,
    conversionId: IdSchema,
    sourceEventId: z.string(),
    accrualLineId: z.string(),
    /** Positive: the amount taken back from the partner. */
    amount: MoneySchema,
    refund: MoneySchema,
    termsVersion: z.number().int().min(1),
  }),
);

export const BonusAwarded = defineEvent(
  'BonusAwarded',
  1,
  z.object({
    ...LineBase,
    agreementId: IdSchema,
    kind: z.enum(['retention', 'milestone']),
    bonusBps: RateBpsSchema,
    /** The period's net commission (accrued − clawed back) the bonus is computed on. */
    base: MoneySchema,
    amount: MoneySchema,
    termsVersion: z.number().int().min(1),
    evidence: z.object({ retentionRate: z.number().optional(), annualOrders: z.number().int().optional() }),
  }),
);

export const CommissionCapped = defineEvent(
  'CommissionCapped',
  1,
  z.object({
    ...LineBase,
    cap: MoneySchema,
    /** Positive: the excess over the cap, recorded but not payable. */
    amount: MoneySchema,
    /** The agreement whose capPerPeriod this is (added with per-agreement caps; absent on older events). */
    agreementId: IdSchema.optional(),
    termsVersion: z.number().int().min(1).optional(),
  }),
);

export const PeriodClosed = defineEvent(
  'PeriodClosed',
  1,
  z.object({
    partnerId: IdSchema,
    period: PeriodSchema,
    /**
     * The caps in force at the close, per agreement: a conversion accrued later into this closed period is held
     * to the same cap (absent on older events, and when no agreement had a cap).
     */
    caps: z.array(z.object({ agreementId: IdSchema, cap: MoneySchema })).optional(),
  }),
);

export const AdjustmentPosted = defineEvent(
  'AdjustmentPosted',
  1,
  z.object({
    ...LineBase,
    disputeId: IdSchema,
    sourceEventId: z.string(),
    /** Signed: positive owes the partner more, negative takes back. */
    amount: MoneySchema,
    reason: ReasonSchema,
  }),
);

export const PayoutLinesReserved = defineEvent(
  'PayoutLinesReserved',
  1,
  z.object({
    partnerId: IdSchema,
    payoutId: IdSchema,
    period: PeriodSchema,
    lineIds: z.array(z.string()).min(1),
    total: MoneySchema,
  }),
);

export const PayoutSettled = defineEvent(
  'PayoutSettled',
  1,
  z.object({
    partnerId: IdSchema,
    payoutId: IdSchema,
    lineIds: z.array(z.string()).min(1),
    total: MoneySchema,
    bankReference: z.string().min(1).max(200),
    sourceEventId: z.string(),
  }),
);

export const accountEvents = [
  CommissionAccrued,
  CommissionClawedBack,
  BonusAwarded,
  CommissionCapped,
  PeriodClosed,
  AdjustmentPosted,
  PayoutLinesReserved,
  PayoutSettled,
] as const;
export type AccountEvent =
  | EventOf<typeof CommissionAccrued>
  | EventOf<typeof CommissionClawedBack>
  | EventOf<typeof BonusAwarded>
  | EventOf<typeof CommissionCapped>
  | EventOf<typeof PeriodClosed>
  | EventOf<typeof AdjustmentPosted>
  | EventOf<typeof PayoutLinesReserved>
  | EventOf<typeof PayoutSettled>;
