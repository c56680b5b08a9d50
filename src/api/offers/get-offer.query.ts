import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { loadOffer } from './load-offer';
import { offerView, type OfferView } from './offer-view';

export class GetOfferQuery extends Query<OfferView> {
  constructor(readonly offerId: string) {
    super();
  }
}

@QueryHandler(GetOfferQuery)
export class GetOfferHandler implements IQueryHandler<GetOfferQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ offerId }: GetOfferQuery): Promise<OfferView> {
    const { state, revision } = await loadOffer(this.store, offerId);
    if (!state.offer || revision === null) throw new DomainErrorException(notFound('offer', offerId));
    return offerView(state, revision);
  }
}
