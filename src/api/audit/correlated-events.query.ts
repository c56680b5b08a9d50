import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { correlatedEvents } from '../../../projections';
import { DomainErrorException } from '../../domain/shared/domain-error';
import { ReadModels } from '../../read-side/read-models';
import { PROJECTION } from '../../read-side/read-side.tokens';
import { auditEventFromRecord, type AuditEventView } from './audit-event.view';

export class CorrelatedEventsQuery extends Query<AuditEventView[]> {
  constructor(
    readonly correlationId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

/** Every event of one business transaction, across streams, in $all order (the audit-trail read model). */
@QueryHandler(CorrelatedEventsQuery)
export class CorrelatedEventsHandler implements IQueryHandler<CorrelatedEventsQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ correlationId, minPosition }: CorrelatedEventsQuery): Promise<AuditEventView[]> {
    await this.readModels.ready(minPosition);
    const records = correlatedEvents(this.readModels.reader(PROJECTION.auditTrail), correlationId);
    if (records.length === 0) {
      throw new DomainErrorException({ kind: 'not_found', code: 'NOT_FOUND', message: `no event carries correlation id ${correlationId}` });
    }
    return records.map(auditEventFromRecord);
  }
}
