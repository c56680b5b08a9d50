import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException } from '../../../domain/shared/domain-error';
import { streams } from '../../../domain/stream-names';
import type { EventStore } from '../../../event-store/event-store.port';
import { ReadModels } from '../../../read-side/read-models';
import { PROJECTION } from '../../../read-side/read-side.tokens';
import { EVENT_STORE } from '../../core/tokens';
import { explainCommissionLine } from './explain-commission-line';
import { explainPayout } from './explain-payout';
import { explainSources, type ExplainSources } from './explain-sources';
import type { CommissionExplanation, PayoutExplanation } from './explanation.schema';

export class ExplainCommissionQuery extends Query<CommissionExplanation> {
  constructor(
    readonly eventId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

export class ExplainPayoutQuery extends Query<PayoutExplanation> {
  constructor(
    readonly payoutId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

abstract class ExplainHandler {
  constructor(
    protected readonly readModels: ReadModels,
    protected readonly store: EventStore,
  ) {}

  protected async sources(minPosition: bigint | undefined): Promise<ExplainSources> {
    await this.readModels.ready(minPosition);
    return explainSources(
      { auditTrail: this.readModels.reader(PROJECTION.auditTrail), commissions: this.readModels.reader(PROJECTION.commissions) },
      this.store,
    );
  }
}

@QueryHandler(ExplainCommissionQuery)
export class ExplainCommissionHandler extends ExplainHandler implements IQueryHandler<ExplainCommissionQuery> {
  constructor(readModels: ReadModels, @Inject(EVENT_STORE) store: EventStore) {
    super(readModels, store);
  }

  async execute({ eventId, minPosition }: ExplainCommissionQuery): Promise<CommissionExplanation> {
    const explanation = await explainCommissionLine(await this.sources(minPosition), eventId);
    if (!explanation) {
      throw new DomainErrorException({ kind: 'not_found', code: 'NOT_FOUND', message: `no commission line was posted by event ${eventId}` });
    }
    return explanation;
  }
}

@QueryHandler(ExplainPayoutQuery)
export class ExplainPayoutHandler extends ExplainHandler implements IQueryHandler<ExplainPayoutQuery> {
  constructor(readModels: ReadModels, @Inject(EVENT_STORE) store: EventStore) {
    super(readModels, store);
  }

  async execute({ payoutId, minPosition }: ExplainPayoutQuery): Promise<PayoutExplanation> {
    const sources = await this.sources(minPosition);
    const explanation = await explainPayout(sources, await this.store.readStream(streams.payout(payoutId)));
    if (!explanation) {
      throw new DomainErrorException({ kind: 'not_found', code: 'NOT_FOUND', message: `payout ${payoutId} does not exist` });
    }
    return explanation;
  }
}
