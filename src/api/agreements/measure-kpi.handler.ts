import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { MeasureKpiBody } from '../../domain/agreement/agreement.commands';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class MeasureKpiCommand extends Command<AppendResult> {
  constructor(
    readonly agreementId: string,
    readonly body: MeasureKpiBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * KpiMeasured, plus KpiBreached on a miss, plus TerminationRecommended at the exit clause's streak. A correction
 * of a period is a new measurement replacing the old; the same value again appends nothing (200, eventIds []).
 */
@CommandHandler(MeasureKpiCommand)
export class MeasureKpiHandler implements ICommandHandler<MeasureKpiCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId, body, ctx }: MeasureKpiCommand): Promise<AppendResult> {
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.agreement(agreementId),
        decider: agreementDecider,
        command: { type: 'MeasureKpi', agreementId, metric: body.metric, period: body.period, value: body.value, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return result;
  }
}
