import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { loadReferral } from './load-referral';
import { referralView, type ReferralView } from './referral-view';

export class GetReferralQuery extends Query<ReferralView> {
  constructor(readonly referralId: string) {
    super();
  }
}

@QueryHandler(GetReferralQuery)
export class GetReferralHandler implements IQueryHandler<GetReferralQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ referralId }: GetReferralQuery): Promise<ReferralView> {
    const { state, revision } = await loadReferral(this.store, referralId);
    if (!state.registered || revision === null) throw new DomainErrorException(notFound('referral', referralId));
    return referralView(state, revision);
  }
}
