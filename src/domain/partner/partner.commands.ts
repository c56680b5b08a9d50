import { z } from 'zod';
import { InstantSchema, ReasonSchema } from '../shared/identifiers';
import { PartnerProposed, ScoreCardSchema, type ScoreCard } from './partner.events';

/** Every command body may carry business time and a reason (API.md "Conventions"). */
const envelope = { occurredAt: InstantSchema.optional(), reason: ReasonSchema.optional() };

/** POST /v1/partners */
export const ProposePartnerBody = z.strictObject({ ...PartnerProposed.data.shape, ...envelope });
export type ProposePartnerBody = z.infer<typeof ProposePartnerBody>;

/** POST /v1/partners/{id}/screenings */
export const ScreenPartnerBody = z.strictObject({ ...ScoreCardSchema.shape, ...envelope });
export type ScreenPartnerBody = z.infer<typeof ScreenPartnerBody>;

/** POST /v1/partners/{id}/approval: `override` (with a reason) approves against a "reject" recommendation. */
export const ApprovePartnerBody = z.strictObject({ override: z.boolean().optional(), ...envelope });
export type ApprovePartnerBody = z.infer<typeof ApprovePartnerBody>;

/** POST /v1/partners/{id}/rejection */
export const RejectPartnerBody = z.strictObject({ ...envelope });
export type RejectPartnerBody = z.infer<typeof RejectPartnerBody>;

export interface ProposePartner {
  type: 'ProposePartner';
  partnerId: string;
  name: string;
  segment?: string;
  contact?: string;
  occurredAt: string;
}

export interface ScreenPartner {
  type: 'ScreenPartner';
  partnerId: string;
  card: ScoreCard;
  occurredAt: string;
}

export interface ApprovePartner {
  type: 'ApprovePartner';
  partnerId: string;
  override: boolean;
  reason?: string;
  occurredAt: string;
}

export interface RejectPartner {
  type: 'RejectPartner';
  partnerId: string;
  reason?: string;
  occurredAt: string;
}

export type PartnerCommand = ProposePartner | ScreenPartner | ApprovePartner | RejectPartner;
