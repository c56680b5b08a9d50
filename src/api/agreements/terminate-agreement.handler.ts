import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { TerminateAgreementBody } from '../../domain/agreement/agreement.commands';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class TerminateAgreementCommand extends Command<AppendResult> {
  constructor(
    readonly agreementId: string,
    readonly body: TerminateAgreementBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** An agreement ends once: the same termination again answers 200; another reason after it is a conflict. */
@CommandHandler(TerminateAgreementCommand)
export class TerminateAgreementHandler implements ICommandHandler<TerminateAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId, body, ctx }: TerminateAgreementCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.agreement(agreementId),
        decider: agreementDecider,
        command: { type: 'TerminateAgreement', agreementId, reason: body.reason, occurredAt: ctx.occurredAt },
        naturalKey: 'terminate',
      },
      ctx,
    );
    return result;
  }
}
