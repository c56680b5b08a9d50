import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { AddEvidenceBody } from '../../domain/dispute/dispute.commands';
import { disputeDecider } from '../../domain/dispute/dispute.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class AddEvidenceCommand extends Command<AppendResult> {
  constructor(
    readonly disputeId: string,
    readonly body: AddEvidenceBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Evidence while the dispute is open; each piece is its own event (an Idempotency-Key makes a retry safe). */
@CommandHandler(AddEvidenceCommand)
export class AddEvidenceHandler implements ICommandHandler<AddEvidenceCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ disputeId, body, ctx }: AddEvidenceCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.dispute(disputeId),
        decider: disputeDecider,
        command: {
          type: 'AddEvidence',
          disputeId,
          description: body.description,
          ...(body.reference !== undefined ? { reference: body.reference } : {}),
          occurredAt: ctx.occurredAt,
        },
      },
      ctx,
    );
    return result;
  }
}
