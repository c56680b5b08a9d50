import { accept, refuse, type Decider, type Decision } from '../shared/decider';
import { conflict, notFound, rule } from '../shared/domain-error';
import type { ApprovePayout, PayoutCommand, PayPayout, PreparePayout } from './payout.commands';
import type { PayoutEvent } from './payout.events';
import { emptyPayout, evolvePayout, type PayoutState } from './payout.state';

/**
 * payout-{id}: prepared (its lines already reserved on the account), approved by a different person than the
 * one who prepared it (four eyes), paid once with the bank's reference.
 */
export const payoutDecider: Decider<PayoutCommand, PayoutState, PayoutEvent> = {
  initialState: emptyPayout,
  decide(command, state) {
    switch (command.type) {
      case 'PreparePayout':
        return prepare(command, state);
      case 'ApprovePayout':
        return approve(command, state);
      case 'PayPayout':
        return pay(command, state);
    }
  },
  evolve: evolvePayout,
  immutableState: true,
};

function prepare(command: PreparePayout, state: PayoutState): Decision<PayoutEvent> {
  if (state.status !== 'none') {
    return refuse(conflict('PAYOUT_ALREADY_EXISTS', `payout ${command.payoutId} already exists`, { payoutId: command.payoutId }));
  }
  const { type: _type, occurredAt, ...data } = command;
  return accept({ type: 'PayoutPrepared', occurredAt, data });
}

function approve(command: ApprovePayout, state: PayoutState): Decision<PayoutEvent> {
  if (state.status === 'none') return refuse(notFound('payout', command.payoutId));
  if (state.status !== 'prepared') {
    return refuse(
      conflict('PAYOUT_ALREADY_APPROVED', `payout ${command.payoutId} was already approved by ${state.approvedBy}`, {
        payoutId: command.payoutId,
        status: state.status,
      }),
    );
  }
  if (command.approvedBy === state.preparedBy) {
    return refuse(
      rule('SAME_PERSON_APPROVAL', `${command.approvedBy} prepared payout ${command.payoutId}: another person must approve it`, {
        payoutId: command.payoutId,
        preparedBy: state.preparedBy,
      }),
    );
  }
  return accept({
    type: 'PayoutApproved',
    occurredAt: command.occurredAt,
    data: { payoutId: command.payoutId, partnerId: state.partnerId!, approvedBy: command.approvedBy },
  });
}

function pay(command: PayPayout, state: PayoutState): Decision<PayoutEvent> {
  if (state.status === 'none') return refuse(notFound('payout', command.payoutId));
  if (state.status === 'paid') {
    return refuse(
      conflict('PAYOUT_ALREADY_PAID', `payout ${command.payoutId} was already paid (${state.bankReference})`, {
        payoutId: command.payoutId,
        bankReference: state.bankReference,
      }),
    );
  }
  if (state.status !== 'approved') {
    return refuse(rule('PAYOUT_NOT_APPROVED', `payout ${command.payoutId} must be approved before it is paid`, { payoutId: command.payoutId }));
  }
  return accept({
    type: 'PayoutPaid',
    occurredAt: command.occurredAt,
    data: {
      payoutId: command.payoutId,
      partnerId: state.partnerId!,
      bankReference: command.bankReference,
      total: state.total!,
      paidBy: command.paidBy,
    },
  });
}
