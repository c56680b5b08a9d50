import { z } from 'zod';
import { IncentiveSchema } from '../../domain/offer/offer.events';
import type { OfferState } from '../../domain/offer/offer.state';

/** GET /v1/offers/{id}: the offer and how far it has been redeemed. */
export const OfferViewSchema = z.object({
  offerId: z.string(),
  agreementId: z.string(),
  partnerId: z.string(),
  description: z.string(),
  incentive: IncentiveSchema,
  codes: z.array(z.string()),
  singleUse: z.boolean(),
  validFrom: z.string(),
  validUntil: z.string(),
  maxRedemptions: z.number().int().optional(),
  launchedAt: z.string(),
  redemptions: z.number().int(),
  /** Codes that can still be redeemed (single-use codes not yet used; every code of a shared offer). */
  availableCodes: z.number().int(),
  revision: z.string(),
});
export type OfferView = z.infer<typeof OfferViewSchema>;

export function offerView(state: OfferState, revision: bigint): OfferView {
  const offer = state.offer!;
  const available = offer.singleUse ? offer.codes.filter((code) => !state.redeemedBy[code]?.length).length : offer.codes.length;
  return {
    ...offer,
    launchedAt: state.launchedAt!,
    redemptions: state.redemptions,
    availableCodes: available,
    revision: revision.toString(),
  };
}
