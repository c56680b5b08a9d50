import { accountCommands, type AccountCommand } from './account/account.commands';
import { agreementCommands, type AgreementCommand } from './agreement/agreement.commands';
import { attributionCommands, type AttributionCommand } from './attribution/attribution.commands';
import { disputeCommands, type DisputeCommand } from './dispute/dispute.commands';
import { offerCommands, type OfferCommand } from './offer/offer.commands';
import { partnerCommands, type PartnerCommand } from './partner/partner.commands';
import { payoutCommands, type PayoutCommand } from './payout/payout.commands';
import { referralCommands, type ReferralCommand } from './referral/referral.commands';
import type { CommandDefinition } from './shared/command-definition';

/** Every command the deciders take, declared once. */
export const commandDefinitions: readonly CommandDefinition[] = [
  ...partnerCommands,
  ...agreementCommands,
  ...offerCommands,
  ...attributionCommands,
  ...referralCommands,
  ...accountCommands,
  ...payoutCommands,
  ...disputeCommands,
];

export type LedgerCommand =
  | PartnerCommand
  | AgreementCommand
  | OfferCommand
  | AttributionCommand
  | ReferralCommand
  | AccountCommand
  | PayoutCommand
  | DisputeCommand;

export type LedgerCommandType = LedgerCommand['type'];
