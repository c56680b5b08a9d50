import type { Money } from '../shared/money';
import type { ReferralEvent } from './referral.events';

export interface Conversion {
  conversionId: string;
  revenue: Money;
  /** Minor units refunded so far, in the revenue's currency. */
  refunded: number;
  convertedAt: string;
}

export interface ReferralState {
  registered: {
    referralId: string;
    agreementId: string;
    partnerId: string;
    customerId: string;
    offerId?: string;
    registeredAt: string;
  } | null;
  /** In conversion order. */
  conversions: Conversion[];
}

export const initialReferralState: ReferralState = { registered: null, conversions: [] };

export function evolveReferral(state: ReferralState, event: ReferralEvent): ReferralState {
  switch (event.type) {
    case 'ReferralRegistered':
      return { ...state, registered: { ...event.data, registeredAt: event.occurredAt } };
    case 'ReferralConverted': {
      const { conversionId, revenue } = event.data;
      return { ...state, conversions: [...state.conversions, { conversionId, revenue, refunded: 0, convertedAt: event.occurredAt }] };
    }
    case 'RevenueRefunded':
      return {
        ...state,
        conversions: state.conversions.map((c) =>
          c.conversionId === event.data.conversionId ? { ...c, refunded: event.data.refundedToDate.amount } : c,
        ),
      };
  }
}
