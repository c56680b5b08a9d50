import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { ApprovePartnerBody, RejectPartnerBody } from '../../domain/partner/partner.commands';
import { partnerDecider } from '../../domain/partner/partner.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class DecidePartnerCommand extends Command<AppendResult> {
  constructor(
    readonly partnerId: string,
    readonly outcome: 'approve' | 'reject',
    readonly body: ApprovePartnerBody | RejectPartnerBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * A person approves or rejects, once. Repeating the same decision is the same command (200, first answer);
 * the other decision, or the same one with another body, is a conflict.
 */
@CommandHandler(DecidePartnerCommand)
export class DecidePartnerHandler implements ICommandHandler<DecidePartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ partnerId, outcome, body, ctx }: DecidePartnerCommand): Promise<AppendResult> {
    const reason = body.reason !== undefined ? { reason: body.reason } : {};
    const command =
      outcome === 'approve'
        ? { type: 'ApprovePartner' as const, partnerId, override: 'override' in body && body.override === true, ...reason, occurredAt: ctx.occurredAt }
        : { type: 'RejectPartner' as const, partnerId, ...reason, occurredAt: ctx.occurredAt };
    const { result } = await executeCommand(
      this.store,
      { streamId: streams.partner(partnerId), decider: partnerDecider, command, naturalKey: outcome },
      ctx,
    );
    return result;
  }
}
