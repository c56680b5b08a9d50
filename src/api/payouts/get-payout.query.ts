import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { payoutStatement, type PayoutStatement } from './payout-statement';

export class GetPayoutQuery extends Query<PayoutStatement> {
  constructor(readonly payoutId: string) {
    super();
  }
}

/** Read from the payout's own stream: consistent with its last append, with who did what and when. */
@QueryHandler(GetPayoutQuery)
export class GetPayoutHandler implements IQueryHandler<GetPayoutQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ payoutId }: GetPayoutQuery): Promise<PayoutStatement> {
    const statement = payoutStatement(await this.store.readStream(streams.payout(payoutId)));
    if (!statement) throw new DomainErrorException(notFound('payout', payoutId));
    return statement;
  }
}
