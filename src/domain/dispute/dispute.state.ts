import type { DisputeEvent } from './dispute.events';

export interface DisputeState {
  status: 'none' | 'open' | 'resolved';
  partnerId: string | null;
  evidence: number;
  outcome: 'upheld' | 'rejected' | 'partial' | null;
}

export const emptyDispute: DisputeState = { status: 'none', partnerId: null, evidence: 0, outcome: null };

export function evolveDispute(state: DisputeState, event: DisputeEvent): DisputeState {
  switch (event.type) {
    case 'DisputeOpened':
      return { ...state, status: 'open', partnerId: event.data.partnerId };
    case 'DisputeEvidenceAdded':
      return { ...state, evidence: state.evidence + 1 };
    case 'DisputeResolved':
      return { ...state, status: 'resolved', outcome: event.data.outcome };
  }
}
