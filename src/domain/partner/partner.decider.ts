import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import type { ApprovePartner, PartnerCommand, RejectPartner, ScreenPartner } from './partner.commands';
import type { PartnerEvent } from './partner.events';
import { evolvePartner, initialPartnerState, type PartnerState } from './partner.state';
import { defaultScreeningPolicy, screen, type ScreeningPolicy } from './screening-policy';

type PartnerDecision = Decision<PartnerEvent>;

/** partner-{id}: proposed, screened (any number of times), then approved or rejected by a person, once. */
export function partnerDeciderWith(policy: ScreeningPolicy): Decider<PartnerCommand, PartnerState, PartnerEvent> {
  return {
    initialState: initialPartnerState,
    evolve: evolvePartner,
    immutableState: true,
    decide(command, state) {
      if (command.type === 'ProposePartner') {
        if (state.status !== 'absent') {
          return refuse(conflict('ALREADY_EXISTS', `partner ${command.partnerId} was already proposed`, { partnerId: command.partnerId }));
        }
        const { type: _type, occurredAt, ...data } = command;
        return accept({ type: 'PartnerProposed', data, occurredAt });
      }
      if (state.status === 'absent') return refuse(notFound('partner', command.partnerId));
      if (state.status === 'approved' || state.status === 'rejected') return refuse(alreadyDecided(command.partnerId, state));
      switch (command.type) {
        case 'ScreenPartner':
          return decideScreening(command, policy);
        case 'ApprovePartner':
          return decideApproval(command, state);
        case 'RejectPartner':
          return decideRejection(command);
      }
    },
  };
}

export const partnerDecider = partnerDeciderWith(defaultScreeningPolicy);

function alreadyDecided(partnerId: string, state: PartnerState) {
  return conflict('PARTNER_ALREADY_DECIDED', `partner ${partnerId} was already ${state.status}`, {
    partnerId,
    status: state.status,
    decidedAt: state.decision?.decidedAt,
  });
}

function decideScreening(command: ScreenPartner, policy: ScreeningPolicy): PartnerDecision {
  const { recommendation, weightedScore, reasons } = screen(command.card, policy);
  return accept({
    type: 'PartnerScreened',
    data: { partnerId: command.partnerId, card: command.card, recommendation, weightedScore, reasons },
    occurredAt: command.occurredAt,
  });
}

function decideApproval(command: ApprovePartner, state: PartnerState): PartnerDecision {
  const screening = state.latestScreening;
  if (!screening) {
    return refuse(rule('PARTNER_NOT_SCREENED', `partner ${command.partnerId} has not been screened yet`, { partnerId: command.partnerId }));
  }
  const againstRecommendation = screening.recommendation === 'reject';
  if (againstRecommendation && !(command.override && command.reason)) {
    return refuse(
      rule(
        'SCREENING_RECOMMENDS_REJECTION',
        `the screening of partner ${command.partnerId} recommends rejection: approving needs override: true and a reason`,
        { partnerId: command.partnerId, reasons: screening.reasons, weightedScore: screening.weightedScore },
      ),
    );
  }
  return accept({
    type: 'PartnerApproved',
    data: {
      partnerId: command.partnerId,
      override: againstRecommendation,
      ...(command.reason !== undefined ? { reason: command.reason } : {}),
    },
    occurredAt: command.occurredAt,
  });
}

function decideRejection(command: RejectPartner): PartnerDecision {
  return accept({
    type: 'PartnerRejected',
    data: { partnerId: command.partnerId, ...(command.reason !== undefined ? { reason: command.reason } : {}) },
    occurredAt: command.occurredAt,
  });
}
