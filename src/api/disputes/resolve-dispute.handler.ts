import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { ResolveDisputeBody } from '../../domain/dispute/dispute.commands';
import { disputeDecider } from '../../domain/dispute/dispute.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { InlineEffects } from '../../process-managers/inline-effects';
import { EVENT_STORE } from '../core/tokens';

export class ResolveDisputeCommand extends Command<AppendResult> {
  constructor(
    readonly disputeId: string,
    readonly body: ResolveDisputeBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * DisputeResolved, once (a second resolution → 409 DISPUTE_ALREADY_RESOLVED); its adjustment is posted to the
 * partner's account by the dispute-adjustment process manager, inline here so the answer's position covers it.
 */
@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly effects: InlineEffects,
  ) {}

  async execute({ disputeId, body, ctx }: ResolveDisputeCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.dispute(disputeId),
        decider: disputeDecider,
        command: {
          type: 'ResolveDispute',
          disputeId,
          outcome: body.outcome,
          ...(body.adjustment !== undefined ? { adjustment: body.adjustment } : {}),
          reason: body.reason,
          occurredAt: ctx.occurredAt,
        },
      },
      ctx,
    );
    return this.effects.afterAppend(result);
  }
}
