import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { ProposePartnerBody } from '../../domain/partner/partner.commands';
import { partnerDecider } from '../../domain/partner/partner.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class ProposePartnerCommand extends Command<AppendResult> {
  constructor(
    readonly body: ProposePartnerBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Re-proposing the same partner with the same body is the same command: 200 with the first answer. */
@CommandHandler(ProposePartnerCommand)
export class ProposePartnerHandler implements ICommandHandler<ProposePartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, ctx }: ProposePartnerCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.partner(body.partnerId),
        decider: partnerDecider,
        command: {
          type: 'ProposePartner',
          partnerId: body.partnerId,
          name: body.name,
          ...(body.segment !== undefined ? { segment: body.segment } : {}),
          ...(body.contact !== undefined ? { contact: body.contact } : {}),
          occurredAt: ctx.occurredAt,
        },
        naturalKey: 'propose',
      },
      ctx,
    );
    return result;
  }
}
