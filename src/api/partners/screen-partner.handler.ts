import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { ScreenPartnerBody } from '../../domain/partner/partner.commands';
import { partnerDecider } from '../../domain/partner/partner.decider';
import type { PartnerEvent } from '../../domain/partner/partner.events';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export interface ScreeningResult {
  result: AppendResult;
  screening: { recommendation: 'approve' | 'reject'; weightedScore: number; reasons: string[] };
}

export class ScreenPartnerCommand extends Command<ScreeningResult> {
  constructor(
    readonly partnerId: string,
    readonly body: ScreenPartnerBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Each screening is a new fact (a partner may be screened again); a retry is deduplicated by Idempotency-Key. */
@CommandHandler(ScreenPartnerCommand)
export class ScreenPartnerHandler implements ICommandHandler<ScreenPartnerCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ partnerId, body, ctx }: ScreenPartnerCommand): Promise<ScreeningResult> {
    const { debtRatio, auditedYears, successfulCases, scores } = body;
    const { result, events } = await executeCommand(
      this.store,
      {
        streamId: streams.partner(partnerId),
        decider: partnerDecider,
        command: { type: 'ScreenPartner', partnerId, card: { debtRatio, auditedYears, successfulCases, scores }, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    const screened = events[0] as Extract<PartnerEvent, { type: 'PartnerScreened' }>;
    const { recommendation, weightedScore, reasons } = screened.data;
    return { result, screening: { recommendation, weightedScore, reasons } };
  }
}
