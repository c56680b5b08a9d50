import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import { agreementSnapshotAt } from '../../domain/agreement/agreement-snapshot';
import type { RecordConversionBody } from '../../domain/referral/referral.commands';
import { referralDecider } from '../../domain/referral/referral.decider';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { loadAgreement } from '../agreements/load-agreement';
import { EVENT_STORE } from '../core/tokens';
import { AFTER_APPEND_EFFECTS, withAfterAppendEffects, type AfterAppendEffects } from './after-append-effects';
import { refuseUnbookableCommission } from './commission-bookable';
import { loadReferral } from './load-referral';

export class RecordConversionCommand extends Command<AppendResult> {
  constructor(
    readonly referralId: string,
    readonly body: RecordConversionBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * ReferralConverted, keyed by conversionId (a retry answers 200, the same id with other content 409), then the
 * commission accrual through the AFTER_APPEND_EFFECTS extension point. A conversion whose commission could not
 * be booked is refused first (422 AMOUNT_OUT_OF_RANGE).
 */
@CommandHandler(RecordConversionCommand)
export class RecordConversionHandler implements ICommandHandler<RecordConversionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(AFTER_APPEND_EFFECTS) private readonly effects?: AfterAppendEffects,
  ) {}

  async execute({ referralId, body, ctx }: RecordConversionCommand): Promise<AppendResult> {
    const referral = (await loadReferral(this.store, referralId)).state.registered;
    if (!referral) throw new DomainErrorException(notFound('referral', referralId));
    const agreementState = (await loadAgreement(this.store, referral.agreementId)).state;
    const agreement = agreementSnapshotAt(agreementState, ctx.occurredAt);
    const conversion = { ...referral, referralId, conversionId: body.conversionId, revenue: body.revenue };
    await refuseUnbookableCommission(this.store, conversion, agreementState, ctx.occurredAt);
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.referral(referralId),
        decider: referralDecider,
        command: {
          type: 'RecordConversion',
          referralId,
          conversionId: body.conversionId,
          revenue: body.revenue,
          agreement,
          occurredAt: ctx.occurredAt,
        },
        naturalKey: `conversion:${body.conversionId}`,
      },
      ctx,
    );
    return withAfterAppendEffects(this.effects, this.store, result);
  }
}
