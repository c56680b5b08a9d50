import { z } from 'zod';
import { IdSchema, InstantSchema, PeriodSchema, ReasonSchema } from '../shared/identifiers';
import { CurrencySchema, type Money } from '../shared/money';
import type { PayoutLine } from './payout.events';

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
export interface PreparePayout {
  type: 'PreparePayout';
  payoutId: string;
  partnerId: string;
  period: string;
  lines: PayoutLine[];
  total: Money;
  /** Principal id of the person who asked for the payout: the four-eyes rule compares it with the approver's. */
  preparedBy: string;
  occurredAt: string;
}

export interface ApprovePayout {
  type: 'ApprovePayout';
  payoutId: string;
  approvedBy: string;
  occurredAt: string;
}

export interface PayPayout {
  type: 'PayPayout';
  payoutId: string;
  bankReference: string;
  paidBy: string;
  occurredAt: string;
}

export type PayoutCommand = PreparePayout | ApprovePayout | PayPayout;
