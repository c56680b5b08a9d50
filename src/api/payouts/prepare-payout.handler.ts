import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { accountDecider } from '../../domain/account/account.decider';
import type { PreparePayoutBody } from '../../domain/payout/payout.commands';
import { payoutDecider } from '../../domain/payout/payout.decider';
import type { PayoutLine } from '../../domain/payout/payout.events';
import { conflict, DomainErrorException, notFound } from '../../domain/shared/domain-error';
import type { Money } from '../../domain/shared/money';
import { streams } from '../../domain/stream-names';
import { ConcurrencyError } from '../../event-store/event-store.errors';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { preparePayoutFromReservation } from '../../process-managers/payout-preparation.pm';
import { EVENT_STORE } from '../core/tokens';
import { loadState } from '../../application/stream-state-cache';

export interface PreparedPayout {
  result: AppendResult;
  lines: PayoutLine[];
  total: Money;
}

export class PreparePayoutCommand extends Command<PreparedPayout> {
  constructor(
    readonly body: PreparePayoutBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * Two appends, in this order: PayoutLinesReserved on the account (its expected revision is the guard that a
 * line is in at most one payout, ever), then PayoutPrepared on payout-{id}. Both carry natural keys, so a retried
 * request answers with the original payout (200), and a crash between the two is completed by the
 * payout-preparation process manager with the same key.
 */
@CommandHandler(PreparePayoutCommand)
export class PreparePayoutHandler implements ICommandHandler<PreparePayoutCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, ctx }: PreparePayoutCommand): Promise<PreparedPayout> {
    const { payoutId, partnerId } = body;
    if ((await this.store.streamRevision(streams.partner(partnerId))) === null) {
      throw new DomainErrorException(notFound('partner', partnerId));
    }
    // If-Match names the payout's revision: checked before anything is reserved, then both appends guard themselves.
    const payoutRevision = await this.store.streamRevision(streams.payout(payoutId));
    if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== payoutRevision) {
      throw new ConcurrencyError(streams.payout(payoutId), ctx.expectedRevision, payoutRevision);
    }
    const unconditional = withoutExpectedRevision(ctx);
    // Payout ids are global: one already prepared for another partner must not lock this partner's lines.
    const existing = await loadState(this.store, streams.payout(payoutId), payoutDecider);
    if (existing.status !== 'none' && existing.partnerId !== partnerId) {
      throw new DomainErrorException(
        conflict('PAYOUT_ALREADY_EXISTS', `payout ${payoutId} already exists for another partner`, { payoutId }),
      );
    }
    const reserved = await executeCommand(
      this.store,
      {
        streamId: streams.account(partnerId),
        decider: accountDecider,
        command: {
          type: 'ReservePayoutLines',
          partnerId,
          payoutId,
          period: body.period,
          ...(body.currency !== undefined ? { currency: body.currency } : {}),
          occurredAt: ctx.occurredAt,
        },
        naturalKey: `reserve:${payoutId}`,
      },
      unconditional,
    );
    const [reservation] = await this.store.readStream(streams.account(partnerId), { fromRevision: reserved.result.revision, maxCount: 1 });
    if (!reservation || reservation.eventId !== reserved.result.eventIds[0]) {
      throw new Error(`reservation of payout ${payoutId} not found on ${streams.account(partnerId)}`);
    }
    const prepared = await preparePayoutFromReservation(this.store, reservation, unconditional);
    const statement = prepared.events[0]!.data as { lines: PayoutLine[]; total: Money };
    const result: AppendResult = {
      ...prepared.result,
      duplicate: prepared.result.duplicate && reserved.result.duplicate,
    };
    return { result, lines: statement.lines, total: statement.total };
  }
}

function withoutExpectedRevision(ctx: CommandContext): CommandContext {
  const { expectedRevision: _ignored, ...rest } = ctx;
  return rest;
}
