import { z } from 'zod';
import type { AgreementSnapshot } from '../agreement/agreement-snapshot';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { PositiveMoneySchema, type Money } from '../shared/money';

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
export interface RegisterReferral {
  type: 'RegisterReferral';
  referralId: string;
  agreementId: string;
  partnerId: string;
  customerId: string;
  offerId?: string;
  occurredAt: string;
}

export interface RecordConversion {
  type: 'RecordConversion';
  referralId: string;
  conversionId: string;
  revenue: Money;
  /** The referral's agreement at the conversion's business time, loaded by the handler. */
  agreement: AgreementSnapshot | null;
  occurredAt: string;
}

export interface RefundRevenue {
  type: 'RefundRevenue';
  referralId: string;
  conversionId: string;
  refund: Money;
  occurredAt: string;
}

export type ReferralCommand = RegisterReferral | RecordConversion | RefundRevenue;
