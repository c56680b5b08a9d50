import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { AmendAgreementBody } from '../../domain/agreement/agreement.commands';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class AmendAgreementCommand extends Command<AppendResult> {
  constructor(
    readonly agreementId: string,
    readonly body: AmendAgreementBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * Each amendment is the next terms version (two identical amendments are two versions): a retry is
 * deduplicated by Idempotency-Key, or made conditional with If-Match.
 */
@CommandHandler(AmendAgreementCommand)
export class AmendAgreementHandler implements ICommandHandler<AmendAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId, body, ctx }: AmendAgreementCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.agreement(agreementId),
        decider: agreementDecider,
        command: { type: 'AmendAgreement', agreementId, terms: body.terms, effectiveFrom: body.effectiveFrom, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return result;
  }
}
