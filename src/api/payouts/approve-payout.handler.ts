import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { payoutDecider } from '../../domain/payout/payout.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class ApprovePayoutCommand extends Command<AppendResult> {
  constructor(
    readonly payoutId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Four eyes: the approver is the authenticated principal, who must not be the preparer. Approving twice → 409. */
@CommandHandler(ApprovePayoutCommand)
export class ApprovePayoutHandler implements ICommandHandler<ApprovePayoutCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ payoutId, ctx }: ApprovePayoutCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.payout(payoutId),
        decider: payoutDecider,
        command: { type: 'ApprovePayout', payoutId, approvedBy: ctx.actor.principalId, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return result;
  }
}
