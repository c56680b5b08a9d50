import { z } from 'zod';
import { AgreementSnapshotSchema } from '../agreement/agreement-snapshot';
import { defineCommand, withoutEnvelope, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { PositiveMoneySchema } from '../shared/money';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/referrals */
export const RegisterReferralBody = z.strictObject({ referralId: IdSchema, agreementId: IdSchema, customerId: IdSchema, ...envelope });
export type RegisterReferralBody = z.infer<typeof RegisterReferralBody>;

/** POST /v1/referrals/{id}/conversions (finance) */
export const RecordConversionBody = z.strictObject({ conversionId: IdSchema, revenue: PositiveMoneySchema, ...envelope });
export type RecordConversionBody = z.infer<typeof RecordConversionBody>;

/** POST /v1/referrals/{id}/refunds (finance) */
export const RefundRevenueBody = z.strictObject({ conversionId: IdSchema, refund: PositiveMoneySchema, ...envelope });
export type RefundRevenueBody = z.infer<typeof RefundRevenueBody>;

/** Appended after the customer's attribution, by the handler or by the process manager that completes it. */
export const RegisterReferral = defineCommand('RegisterReferral', 1, {
  ...withoutEnvelope(RegisterReferralBody),
  partnerId: IdSchema,
  offerId: IdSchema.optional(),
});
export type RegisterReferral = CommandOf<typeof RegisterReferral>;

export const RecordConversion = defineCommand('RecordConversion', 1, {
  referralId: IdSchema,
  ...withoutEnvelope(RecordConversionBody),
  /** The referral's agreement at the conversion's business time, loaded by the handler. */
  agreement: AgreementSnapshotSchema.nullable(),
});
export type RecordConversion = CommandOf<typeof RecordConversion>;

export const RefundRevenue = defineCommand('RefundRevenue', 1, { referralId: IdSchema, ...withoutEnvelope(RefundRevenueBody) });
export type RefundRevenue = CommandOf<typeof RefundRevenue>;

export const referralCommands = [RegisterReferral, RecordConversion, RefundRevenue] as const;
export type ReferralCommand = RegisterReferral | RecordConversion | RefundRevenue;
