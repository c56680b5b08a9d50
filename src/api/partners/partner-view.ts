import { z } from 'zod';
import { ScoreCardSchema } from '../../domain/partner/partner.events';
import type { PartnerState } from '../../domain/partner/partner.state';

export const PartnerAgreementSummarySchema = z.object({
  agreementId: z.string(),
  status: z.enum(['active', 'terminated']),
  latestTermsVersion: z.number().int(),
});

/** GET /v1/partners/{id}: the partner aggregate as its stream says, with its agreements. */
export const PartnerViewSchema = z.object({
  partnerId: z.string(),
  name: z.string(),
  segment: z.string().optional(),
  contact: z.string().optional(),
  status: z.enum(['proposed', 'approved', 'rejected']),
  proposedAt: z.string(),
  latestScreening: z
    .object({
      card: ScoreCardSchema,
      recommendation: z.enum(['approve', 'reject']),
      weightedScore: z.number(),
      reasons: z.array(z.string()),
      screenedAt: z.string(),
    })
    .nullable(),
  screenings: z.number().int(),
  decision: z
    .object({ outcome: z.enum(['approved', 'rejected']), override: z.boolean(), reason: z.string().optional(), decidedAt: z.string() })
    .nullable(),
  agreements: z.array(PartnerAgreementSummarySchema),
  /** The partner stream's revision: the value for If-Match. */
  revision: z.string(),
});
export type PartnerView = z.infer<typeof PartnerViewSchema>;

export function partnerView(
  state: PartnerState,
  revision: bigint,
  agreements: PartnerView['agreements'],
): PartnerView {
  return {
    partnerId: state.partnerId!,
    name: state.name!,
    ...(state.segment !== undefined ? { segment: state.segment } : {}),
    ...(state.contact !== undefined ? { contact: state.contact } : {}),
    status: state.status as PartnerView['status'],
    proposedAt: state.proposedAt!,
    latestScreening: state.latestScreening ?? null,
    screenings: state.screenings,
    decision: state.decision
      ? {
          outcome: state.decision.outcome,
          override: state.decision.override,
          ...(state.decision.reason !== undefined ? { reason: state.decision.reason } : {}),
          decidedAt: state.decision.decidedAt,
        }
      : null,
    agreements,
    revision: revision.toString(),
  };
}
