import type { EventOf } from '../shared/event-definition';
import type { OfferEvent, OfferLaunched } from './offer.events';

export interface OfferState {
  status: 'absent' | 'launched';
  offer?: EventOf<typeof OfferLaunched>['data'];
  launchedAt?: string;
  redemptions: number;
  /** Customers who redeemed each code, in order. */
  redeemedBy: Record<string, string[]>;
}

export const initialOfferState: OfferState = { status: 'absent', redemptions: 0, redeemedBy: {} };

export function evolveOffer(state: OfferState, event: OfferEvent): OfferState {
  switch (event.type) {
    case 'OfferLaunched':
      return { ...state, status: 'launched', offer: event.data, launchedAt: event.occurredAt };
    case 'OfferRedeemed': {
      const { code, customerId } = event.data;
      return {
        ...state,
        redemptions: state.redemptions + 1,
        redeemedBy: { ...state.redeemedBy, [code]: [...(state.redeemedBy[code] ?? []), customerId] },
      };
    }
  }
}

/** A customer redeems a given code at most once: a repeat is the same redemption (a retry), not a new one. */
export function hasRedeemed(state: OfferState, code: string, customerId: string): boolean {
  return state.redeemedBy[code]?.includes(customerId) ?? false;
}
