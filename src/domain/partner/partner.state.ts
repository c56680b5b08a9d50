import { z } from 'zod';
import type { PartnerEvent, ScoreCard } from './partner.events';

/** A schema because SignAgreement carries it. */
export const PartnerStatusSchema = z.enum(['absent', 'proposed', 'approved', 'rejected']);
export type PartnerStatus = z.infer<typeof PartnerStatusSchema>;

export interface PartnerScreening {
  card: ScoreCard;
  recommendation: 'approve' | 'reject';
  weightedScore: number;
  reasons: string[];
  screenedAt: string;
}

export interface PartnerDecision {
  outcome: 'approved' | 'rejected';
  /** True when the approval went against a "reject" recommendation. */
  override: boolean;
  reason?: string;
  decidedAt: string;
}

export interface PartnerState {
  status: PartnerStatus;
  partnerId?: string;
  name?: string;
  segment?: string;
  contact?: string;
  proposedAt?: string;
  latestScreening?: PartnerScreening;
  screenings: number;
  decision?: PartnerDecision;
}

export const initialPartnerState: PartnerState = { status: 'absent', screenings: 0 };

export function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerProposed': {
      const { partnerId, name, segment, contact } = event.data;
      return { ...state, status: 'proposed', partnerId, name, segment, contact, proposedAt: event.occurredAt };
    }
    case 'PartnerScreened': {
      const { card, recommendation, weightedScore, reasons } = event.data;
      return {
        ...state,
        latestScreening: { card, recommendation, weightedScore, reasons, screenedAt: event.occurredAt },
        screenings: state.screenings + 1,
      };
    }
    case 'PartnerApproved':
      return {
        ...state,
        status: 'approved',
        decision: { outcome: 'approved', override: event.data.override, reason: event.data.reason, decidedAt: event.occurredAt },
      };
    case 'PartnerRejected':
      return {
        ...state,
        status: 'rejected',
        decision: { outcome: 'rejected', override: false, reason: event.data.reason, decidedAt: event.occurredAt },
      };
  }
}
