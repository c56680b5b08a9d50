import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { SignAgreementBody } from '../../domain/agreement/agreement.commands';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { loadPartner } from '../partners/load-partner';

export class SignAgreementCommand extends Command<AppendResult> {
  constructor(
    readonly body: SignAgreementBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** The partner's approval is read from its stream and handed to the (pure) decision. */
@CommandHandler(SignAgreementCommand)
export class SignAgreementHandler implements ICommandHandler<SignAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, ctx }: SignAgreementCommand): Promise<AppendResult> {
    const partner = await loadPartner(this.store, body.partnerId);
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.agreement(body.agreementId),
        decider: agreementDecider,
        command: {
          type: 'SignAgreement',
          agreementId: body.agreementId,
          partnerId: body.partnerId,
          terms: body.terms,
          ...(body.signedAt !== undefined ? { signedAt: body.signedAt } : {}),
          partnerStatus: partner.state.status,
          occurredAt: ctx.occurredAt,
        },
        naturalKey: 'sign',
      },
      ctx,
    );
    return result;
  }
}
