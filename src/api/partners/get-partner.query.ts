import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { agreementIdsOfPartner } from '../agreements/agreements-of-partner';
import { loadAgreement } from '../agreements/load-agreement';
import { EVENT_STORE } from '../core/tokens';
import { loadPartner } from './load-partner';
import { partnerView, type PartnerView } from './partner-view';

export class GetPartnerQuery extends Query<PartnerView> {
  constructor(readonly partnerId: string) {
    super();
  }
}

/** Read by folding the streams themselves: an aggregate view, consistent with the last append, not a projection. */
@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ partnerId }: GetPartnerQuery): Promise<PartnerView> {
    const { state, revision } = await loadPartner(this.store, partnerId);
    if (state.status === 'absent' || revision === null) throw new DomainErrorException(notFound('partner', partnerId));
    const agreements = await Promise.all(
      (await agreementIdsOfPartner(this.store, partnerId)).map(async (agreementId) => {
        const agreement = (await loadAgreement(this.store, agreementId)).state;
        return {
          agreementId,
          status: agreement.status === 'terminated' ? ('terminated' as const) : ('active' as const),
          latestTermsVersion: agreement.versions[agreement.versions.length - 1]?.termsVersion ?? 1,
        };
      }),
    );
    return partnerView(state, revision, agreements);
  }
}
