import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { PayPayoutBody } from '../../domain/payout/payout.commands';
import { payoutDecider } from '../../domain/payout/payout.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { InlineEffects } from '../../process-managers/inline-effects';
import { EVENT_STORE } from '../core/tokens';

export class PayPayoutCommand extends Command<AppendResult> {
  constructor(
    readonly payoutId: string,
    readonly body: PayPayoutBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * PayoutPaid, once, only after approval; then the settlement of its lines on the account (inline, and by the
 * runner should this request die first), which the answer's position covers.
 */
@CommandHandler(PayPayoutCommand)
export class PayPayoutHandler implements ICommandHandler<PayPayoutCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly effects: InlineEffects,
  ) {}

  async execute({ payoutId, body, ctx }: PayPayoutCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.payout(payoutId),
        decider: payoutDecider,
        command: { type: 'PayPayout', payoutId, bankReference: body.bankReference, paidBy: ctx.actor.principalId, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return this.effects.afterAppend(result);
  }
}
