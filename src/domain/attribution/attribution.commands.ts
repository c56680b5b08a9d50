import { AgreementSnapshotSchema } from '../agreement/agreement-snapshot';
import { defineCommand, type CommandOf } from '../shared/command-definition';
import { IdSchema } from '../shared/identifiers';
import { CustomerAttributed } from './attribution.events';

/** Attribute a customer to the agreement's partner (from a referral, or from an offer's redemption). */
export const AttributeCustomer = defineCommand('AttributeCustomer', 1, {
  customerId: IdSchema,
  agreementId: IdSchema,
  source: CustomerAttributed.data.shape.source,
  referralId: IdSchema,
  /** The agreement at the attribution's business time, loaded by the handler. */
  agreement: AgreementSnapshotSchema.nullable(),
});
export type AttributeCustomer = CommandOf<typeof AttributeCustomer>;

export const attributionCommands = [AttributeCustomer] as const;
export type AttributionCommand = AttributeCustomer;
