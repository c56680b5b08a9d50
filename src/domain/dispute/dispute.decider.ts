import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import type { AddEvidence, DisputeCommand, OpenDispute, ResolveDispute } from './dispute.commands';
import type { DisputeEvent } from './dispute.events';
import { emptyDispute, evolveDispute, type DisputeState } from './dispute.state';

/**
 * dispute-{id}: a partner contests a payout, a commission or an attribution; evidence is attached while it is
 * open; one resolution closes it, and its adjustment (if any) is posted to the account by a process manager.
 */
export const disputeDecider: Decider<DisputeCommand, DisputeState, DisputeEvent> = {
  initialState: emptyDispute,
  decide(command, state) {
    switch (command.type) {
      case 'OpenDispute':
        return open(command, state);
      case 'AddEvidence':
        return addEvidence(command, state);
      case 'ResolveDispute':
        return resolve(command, state);
    }
  },
  evolve: evolveDispute,
  immutableState: true,
};

function open(command: OpenDispute, state: DisputeState): Decision<DisputeEvent> {
  if (state.status !== 'none') {
    return refuse(conflict('ALREADY_EXISTS', `dispute ${command.disputeId} already exists`, { disputeId: command.disputeId }));
  }
  if (command.subjectFound === false) {
    return refuse(
      rule('UNKNOWN_SUBJECT', `${command.subject.type} ${command.subject.id} is not one of partner ${command.partnerId}'s`, {
        subject: command.subject,
      }),
    );
  }
  const { type: _type, subjectFound: _found, occurredAt, ...data } = command;
  return accept({ type: 'DisputeOpened', occurredAt, data });
}

function addEvidence(command: AddEvidence, state: DisputeState): Decision<DisputeEvent> {
  if (state.status === 'none') return refuse(notFound('dispute', command.disputeId));
  if (state.status === 'resolved') {
    return refuse(
      rule('DISPUTE_RESOLVED', `dispute ${command.disputeId} is resolved: no more evidence can be attached`, {
        disputeId: command.disputeId,
      }),
    );
  }
  return accept({
    type: 'DisputeEvidenceAdded',
    occurredAt: command.occurredAt,
    data: {
      disputeId: command.disputeId,
      partnerId: state.partnerId!,
      description: command.description,
      ...(command.reference !== undefined ? { reference: command.reference } : {}),
    },
  });
}

function resolve(command: ResolveDispute, state: DisputeState): Decision<DisputeEvent> {
  if (state.status === 'none') return refuse(notFound('dispute', command.disputeId));
  if (state.status === 'resolved') {
    return refuse(
      conflict('DISPUTE_ALREADY_RESOLVED', `dispute ${command.disputeId} was already resolved (${state.outcome})`, {
        disputeId: command.disputeId,
        outcome: state.outcome,
      }),
    );
  }
  if (command.outcome === 'rejected' && command.adjustment !== undefined) {
    return refuse(
      rule('ADJUSTMENT_NOT_ALLOWED', 'a rejected dispute posts no adjustment', { disputeId: command.disputeId }),
    );
  }
  return accept({
    type: 'DisputeResolved',
    occurredAt: command.occurredAt,
    data: {
      disputeId: command.disputeId,
      partnerId: state.partnerId!,
      outcome: command.outcome,
      ...(command.adjustment !== undefined ? { adjustment: command.adjustment } : {}),
      reason: command.reason,
    },
  });
}
