import type { AgreementSnapshot } from '../agreement/agreement-snapshot';

/** Attribute a customer to the agreement's partner (from a referral, or from an offer's redemption). */
export interface AttributeCustomer {
  type: 'AttributeCustomer';
  customerId: string;
  agreementId: string;
  source: { type: 'referral' | 'offer'; id: string };
  referralId: string;
  /** The agreement at the attribution's business time, loaded by the handler. */
  agreement: AgreementSnapshot | null;
  occurredAt: string;
}

export type AttributionCommand = AttributeCustomer;
