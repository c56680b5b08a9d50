import type { AttributionEvent } from './attribution.events';

export interface Attribution {
  partnerId: string;
  agreementId: string;
  source: { type: 'referral' | 'offer'; id: string };
  referralId?: string;
  attributedAt: string;
  windowEndsAt: string;
}

/** attribution-{customerId}: the latest attribution is the one whose window decides a new claim. */
export interface AttributionState {
  current: Attribution | null;
  attributions: number;
}

export const initialAttributionState: AttributionState = { current: null, attributions: 0 };

export function evolveAttribution(state: AttributionState, event: AttributionEvent): AttributionState {
  const { partnerId, agreementId, source, referralId, attributedAt, windowEndsAt } = event.data;
  return {
    current: { partnerId, agreementId, source, attributedAt, windowEndsAt, ...(referralId ? { referralId } : {}) },
    attributions: state.attributions + 1,
  };
}
