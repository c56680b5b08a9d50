import { z } from 'zod';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { CurrencySchema } from '../shared/money';
import { PayoutPrepared } from './payout.events';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/payouts (finance). `currency` picks one when the partner has payable lines in several. */
export const PreparePayoutBody = z.strictObject({
  payoutId: IdSchema,
  partnerId: IdSchema,
  period: PeriodSchema,
  currency: CurrencySchema.optional(),
  ...envelope,
});
export type PreparePayoutBody = z.infer<typeof PreparePayoutBody>;

/** POST /v1/payouts/{id}/approval (approver); a POST without a body is as good as an empty one. */
export const ApprovePayoutBody = z.strictObject({ ...envelope }).default({});
export type ApprovePayoutBody = z.infer<typeof ApprovePayoutBody>;

/** POST /v1/payouts/{id}/payment (finance). */
export const PayPayoutBody = z.strictObject({ bankReference: z.string().min(1).max(200), ...envelope });
export type PayPayoutBody = z.infer<typeof PayPayoutBody>;

/** The payout statement, once its lines are reserved on the account. */
export const PreparePayout = defineCommand('PreparePayout', 1, PayoutPrepared.data.shape);
export type PreparePayout = CommandOf<typeof PreparePayout>;

export const ApprovePayout = defineCommand('ApprovePayout', 1, { payoutId: IdSchema, approvedBy: z.string() });
export type ApprovePayout = CommandOf<typeof ApprovePayout>;

export const PayPayout = defineCommand('PayPayout', 1, {
  payoutId: IdSchema,
  ...withoutEnvelope(PayPayoutBody),
  paidBy: z.string(),
});
export type PayPayout = CommandOf<typeof PayPayout>;

export const payoutCommands = [PreparePayout, ApprovePayout, PayPayout] as const;
export type PayoutCommand = PreparePayout | ApprovePayout | PayPayout;
