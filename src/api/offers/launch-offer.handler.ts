import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { agreementSnapshotAt } from '../../domain/agreement/agreement-snapshot';
import type { LaunchOfferBody } from '../../domain/offer/offer.commands';
import { offerDecider } from '../../domain/offer/offer.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { loadAgreement } from '../agreements/load-agreement';
import { EVENT_STORE } from '../core/tokens';

export class LaunchOfferCommand extends Command<AppendResult> {
  constructor(
    readonly body: LaunchOfferBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LaunchOfferCommand)
export class LaunchOfferHandler implements ICommandHandler<LaunchOfferCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, ctx }: LaunchOfferCommand): Promise<AppendResult> {
    const { occurredAt: _occurredAt, reason: _reason, ...offer } = body;
    const agreement = agreementSnapshotAt((await loadAgreement(this.store, body.agreementId)).state, ctx.occurredAt);
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.offer(body.offerId),
        decider: offerDecider,
        command: { type: 'LaunchOffer', ...offer, agreement, occurredAt: ctx.occurredAt },
        naturalKey: 'launch',
      },
      ctx,
    );
    return result;
  }
}
