import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { correlatedEvents } from '../../../projections';
import { DomainErrorException } from '../../domain/shared/domain-error';
import type { EventStore } from '../../event-store/event-store.port';
import { ReadModels } from '../../read-side/read-models';
import { PROJECTION } from '../../read-side/read-side.tokens';
import { EVENT_STORE } from '../core/tokens';
import { auditEventFromRecord, type AuditEventView } from './audit-event.view';
import { withPayloads } from './audit-payloads';

export class CorrelatedEventsQuery extends Query<AuditEventView[]> {
  constructor(
    readonly correlationId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

/**
 * Every event of one business transaction, across streams, in $all order: found in the audit-trail read
 * model, their payloads read back from the store.
 */
@QueryHandler(CorrelatedEventsQuery)
export class CorrelatedEventsHandler implements IQueryHandler<CorrelatedEventsQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ correlationId, minPosition }: CorrelatedEventsQuery): Promise<AuditEventView[]> {
    await this.readModels.ready(minPosition);
    const records = correlatedEvents(this.readModels.reader(PROJECTION.auditTrail), correlationId);
    if (records.length === 0) {
      throw new DomainErrorException({ kind: 'not_found', code: 'NOT_FOUND', message: `no event carries correlation id ${correlationId}` });
    }
    return (await withPayloads(this.store, records)).map(auditEventFromRecord);
  }
}
