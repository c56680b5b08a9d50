import type { Money } from '../shared/money';
import type { PayoutEvent, PayoutLine } from './payout.events';

export type PayoutStatus = 'none' | 'prepared' | 'approved' | 'paid';

export interface PayoutState {
  status: PayoutStatus;
  payoutId: string | null;
  partnerId: string | null;
  period: string | null;
  lines: PayoutLine[];
  total: Money | null;
  preparedBy: string | null;
  approvedBy: string | null;
  paidBy: string | null;
  bankReference: string | null;
}

export const emptyPayout: PayoutState = {
  status: 'none',
  payoutId: null,
  partnerId: null,
  period: null,
  lines: [],
  total: null,
  preparedBy: null,
  approvedBy: null,
  paidBy: null,
  bankReference: null,
};

export function evolvePayout(state: PayoutState, event: PayoutEvent): PayoutState {
  switch (event.type) {
    case 'PayoutPrepared': {
      const d = event.data;
      return {
        ...state,
        status: 'prepared',
        payoutId: d.payoutId,
        partnerId: d.partnerId,
        period: d.period,
        lines: d.lines,
        total: d.total,
        preparedBy: d.preparedBy,
      };
    }
    case 'PayoutApproved':
      return { ...state, status: 'approved', approvedBy: event.data.approvedBy };
    case 'PayoutPaid':
      return { ...state, status: 'paid', paidBy: event.data.paidBy, bankReference: event.data.bankReference };
  }
}
