import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { loadState, withStreamState } from '../../application/stream-state-cache';
import type { AgreementAtClose } from '../../domain/account/account.commands';
import { accountDecider } from '../../domain/account/account.decider';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import { lastInstantOf, termsVersionAt } from '../../domain/commission/terms-in-effect';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';

export class ClosePeriodCommand extends Command<AppendResult> {
  constructor(
    readonly partnerId: string,
    readonly period: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * BonusAwarded*, CommissionCapped*, PeriodClosed on the account. The agreements that matter are those with money
 * on the account; for each, the handler loads from its stream the terms in effect at the period's last instant
 * and the period's retentionRate measurement (a correction replaces the earlier value), and passes them in.
 * No natural key: closing an already closed period is 409 PERIOD_ALREADY_CLOSED (an Idempotency-Key makes a
 * retry safe).
 */
@CommandHandler(ClosePeriodCommand)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ partnerId, period, ctx }: ClosePeriodCommand): Promise<AppendResult> {
    if ((await this.store.streamRevision(streams.partner(partnerId))) === null) {
      throw new DomainErrorException(notFound('partner', partnerId));
    }
    const agreementIds = await withStreamState(this.store, streams.account(partnerId), accountDecider, (account) => [
      ...new Set([...account.accruals.values()].map((a) => a.agreementId)),
    ]);
    const agreements = await Promise.all(agreementIds.map((id) => this.agreementAtClose(id, period)));
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.account(partnerId),
        decider: accountDecider,
        command: { type: 'ClosePeriod', partnerId, period, agreements, occurredAt: ctx.occurredAt },
      },
      ctx,
    );
    return result;
  }

  private async agreementAtClose(agreementId: string, period: string): Promise<AgreementAtClose> {
    const agreement = await loadState(this.store, streams.agreement(agreementId), agreementDecider);
    const retentionRate = agreement.kpis.retentionRate?.measurements[period]?.value;
    return {
      agreementId,
      terms: termsVersionAt(agreement, lastInstantOf(period)),
      ...(retentionRate !== undefined ? { retentionRate } : {}),
    };
  }
}
