import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { disputeView, type DisputeView } from './dispute-view';

export class GetDisputeQuery extends Query<DisputeView> {
  constructor(readonly disputeId: string) {
    super();
  }
}

@QueryHandler(GetDisputeQuery)
export class GetDisputeHandler implements IQueryHandler<GetDisputeQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ disputeId }: GetDisputeQuery): Promise<DisputeView> {
    const view = disputeView(await this.store.readStream(streams.dispute(disputeId)));
    if (!view) throw new DomainErrorException(notFound('dispute', disputeId));
    return view;
  }
}
