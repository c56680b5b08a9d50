import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { agreementSnapshotAt } from '../../domain/agreement/agreement-snapshot';
import type { RegisterReferralBody } from '../../domain/referral/referral.commands';
import { streams } from '../../domain/stream-names';
import { ConcurrencyError } from '../../event-store/event-store.errors';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { loadAgreement } from '../agreements/load-agreement';
import { EVENT_STORE } from '../core/tokens';
import { attributeAndRegister, combinedResult } from './attribute-and-register';
import { loadReferral } from './load-referral';
import { referralIdClaims } from './referral-id-claims';
import { refuseReferralIdTaken } from './referral-id-taken';

export class RegisterReferralCommand extends Command<AppendResult> {
  constructor(
    readonly body: RegisterReferralBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** POST /v1/referrals: CustomerAttributed (the guard), then ReferralRegistered; answered for referral-{id}. */
@CommandHandler(RegisterReferralCommand)
export class RegisterReferralHandler implements ICommandHandler<RegisterReferralCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RegisterReferralCommand): Promise<AppendResult> {
    return referralIdClaims.run(command.body.referralId, () => this.register(command));
  }

  private async register({ body, ctx }: RegisterReferralCommand): Promise<AppendResult> {
    const { referralId, agreementId, customerId } = body;
    const loaded = await loadReferral(this.store, referralId);
    // If-Match applies to referral-{id}, but the attribution is appended first: a stale revision must be
    // refused before it, or a 409 would leave the customer attributed (and the registration completed later).
    if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision) {
      throw new ConcurrencyError(streams.referral(referralId), ctx.expectedRevision, loaded.revision);
    }
    refuseReferralIdTaken(loaded.state, referralId, customerId, agreementId);
    const agreement = agreementSnapshotAt((await loadAgreement(this.store, agreementId)).state, ctx.occurredAt);
    const { attribution, referral } = await attributeAndRegister(
      this.store,
      { customerId, agreementId, referralId, source: { type: 'referral', id: referralId }, agreement },
      ctx,
    );
    return combinedResult(referral, attribution);
  }
}
