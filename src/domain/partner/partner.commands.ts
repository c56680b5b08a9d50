import { z } from 'zod';
import { defineCommand, type CommandOf } from '../shared/command-definition';
import { IdSchema, InstantSchema, ReasonSchema } from '../shared/identifiers';
import { PartnerApproved, PartnerProposed, PartnerRejected, ScoreCardSchema } from './partner.events';

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

export const ProposePartner = defineCommand('ProposePartner', 1, { ...PartnerProposed.data.shape });
export type ProposePartner = CommandOf<typeof ProposePartner>;

export const ScreenPartner = defineCommand('ScreenPartner', 1, { partnerId: IdSchema, card: ScoreCardSchema });
export type ScreenPartner = CommandOf<typeof ScreenPartner>;

export const ApprovePartner = defineCommand('ApprovePartner', 1, { ...PartnerApproved.data.shape });
export type ApprovePartner = CommandOf<typeof ApprovePartner>;

export const RejectPartner = defineCommand('RejectPartner', 1, { ...PartnerRejected.data.shape });
export type RejectPartner = CommandOf<typeof RejectPartner>;

export const partnerCommands = [ProposePartner, ScreenPartner, ApprovePartner, RejectPartner] as const;
export type PartnerCommand = ProposePartner | ScreenPartner | ApprovePartner | RejectPartner;
