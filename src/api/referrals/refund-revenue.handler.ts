import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { RefundRevenueBody } from '../../domain/referral/referral.commands';
import { referralDecider } from '../../domain/referral/referral.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { AFTER_APPEND_EFFECTS, withAfterAppendEffects, type AfterAppendEffects } from './after-append-effects';

export class RefundRevenueCommand extends Command<AppendResult> {
  constructor(
    readonly referralId: string,
    readonly body: RefundRevenueBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * RevenueRefunded, then the clawback through the AFTER_APPEND_EFFECTS extension point. A refund has no id of its
 * own (two equal partial refunds are two refunds): a retry is deduplicated by Idempotency-Key.
 */
@CommandHandler(RefundRevenueCommand)
export class RefundRevenueHandler implements ICommandHandler<RefundRevenueCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(AFTER_APPEND_EFFECTS) private readonly effects?: AfterAppendEffects,
  ) {}

  async execute({ referralId, body, ctx }: RefundRevenueCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.referral(referralId),
        decider: referralDecider,
        command: { type: 'RefundRevenue', referralId, conversionId: body.conversionId, refund: body.refund, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return withAfterAppendEffects(this.effects, this.store, result);
  }
}
