import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { agreementView, type AgreementView } from './agreement-view';
import { loadAgreement } from './load-agreement';

export class GetAgreementQuery extends Query<AgreementView> {
  constructor(readonly agreementId: string) {
    super();
  }
}

/** Folded from the agreement's stream: an aggregate view, consistent with the last append. */
@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ agreementId }: GetAgreementQuery): Promise<AgreementView> {
    const { state, revision } = await loadAgreement(this.store, agreementId);
    if (state.status === 'absent' || revision === null) throw new DomainErrorException(notFound('agreement', agreementId));
    return agreementView(state, revision, new Date().toISOString());
  }
}
