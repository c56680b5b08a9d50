import { z } from 'zod';
import type { ReferralState } from '../../domain/referral/referral.state';
import { MoneySchema } from '../../domain/shared/money';

/** GET /v1/referrals/{id}: the referral and its conversions with what was refunded of each. */
export const ReferralViewSchema = z.object({
  referralId: z.string(),
  agreementId: z.string(),
  partnerId: z.string(),
  customerId: z.string(),
  offerId: z.string().optional(),
  registeredAt: z.string(),
  conversions: z.array(z.object({ conversionId: z.string(), revenue: MoneySchema, refunded: MoneySchema, convertedAt: z.string() })),
  revision: z.string(),
});
export type ReferralView = z.infer<typeof ReferralViewSchema>;

export function referralView(state: ReferralState, revision: bigint): ReferralView {
  const registered = state.registered!;
  return {
    ...registered,
    conversions: state.conversions.map((c) => ({
      conversionId: c.conversionId,
      revenue: c.revenue,
      refunded: { amount: c.refunded, currency: c.revenue.currency },
      convertedAt: c.convertedAt,
    })),
    revision: revision.toString(),
  };
}

