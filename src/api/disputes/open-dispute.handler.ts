import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { OpenDisputeBody } from '../../domain/dispute/dispute.commands';
import { disputeDecider } from '../../domain/dispute/dispute.decider';
import { payoutDecider } from '../../domain/payout/payout.decider';
import { referralDecider } from '../../domain/referral/referral.decider';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { loadState } from '../../application/stream-state-cache';

export class OpenDisputeCommand extends Command<AppendResult> {
  constructor(
    readonly body: OpenDisputeBody,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * DisputeOpened, keyed by the dispute id (a retry answers 200; the same id with other content 409). The partner
 * must exist; a payout or referral named as the subject must exist and be the partner's.
 */
@CommandHandler(OpenDisputeCommand)
export class OpenDisputeHandler implements ICommandHandler<OpenDisputeCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ body, ctx }: OpenDisputeCommand): Promise<AppendResult> {
    if ((await this.store.streamRevision(streams.partner(body.partnerId))) === null) {
      throw new DomainErrorException(notFound('partner', body.partnerId));
    }
    const { occurredAt: _at, reason: _reason, ...fields } = body;
    const { result } = await executeCommand(
      this.store,
      {
        streamId: streams.dispute(body.disputeId),
        decider: disputeDecider,
        command: { type: 'OpenDispute', ...fields, subjectFound: await this.subjectFound(body), occurredAt: ctx.occurredAt },
        naturalKey: 'open',
      },
      ctx,
    );
    return result;
  }

  /** Whether the subject is the partner's; null for a commission, named by a conversion, line or event id. */
  private async subjectFound({ subject, partnerId }: OpenDisputeBody): Promise<boolean | null> {
    switch (subject.type) {
      case 'payout':
        return (await loadState(this.store, streams.payout(subject.id), payoutDecider)).partnerId === partnerId;
      case 'referral': {
        const referral = await loadState(this.store, streams.referral(subject.id), referralDecider);
        return referral.registered?.partnerId === partnerId;
      }
      case 'commission':
        return null;
    }
  }
}
