import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { commissionStatement, type CommissionStatement } from '../../../projections';
import { DomainErrorException, notFound } from '../../domain/shared/domain-error';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';
import { ReadModels } from '../../read-side/read-models';
import { PROJECTION } from '../../read-side/read-side.tokens';
import { EVENT_STORE } from '../core/tokens';
import type { CommissionsQuery } from './commissions-query.schema';
import { statementCurrency } from './statement-currency';

export type CommissionStatementAnswer = CommissionStatement & { asOf?: string };

export class GetCommissionStatementQuery extends Query<CommissionStatementAnswer> {
  constructor(
    readonly partnerId: string,
    readonly params: CommissionsQuery,
  ) {
    super();
  }
}

/**
 * The partner's statement for a period from the commissions read model. "As of T" is an exact query-time filter:
 * every line carries its own recordedAt (and its payment and the period's close theirs), so the statement keeps
 * only what was recorded by T, and judges holds at T — the same figures a replay up to T would give.
 */
@QueryHandler(GetCommissionStatementQuery)
export class GetCommissionStatementHandler implements IQueryHandler<GetCommissionStatementQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ partnerId, params }: GetCommissionStatementQuery): Promise<CommissionStatementAnswer> {
    const { period, asOf, minPosition } = params;
    if (asOf !== undefined) await this.readModels.readyAsOf(minPosition);
    else await this.readModels.ready(minPosition);
    const reader = this.readModels.reader(PROJECTION.commissions);
    const query = { partnerId, period, at: asOf ?? new Date().toISOString(), ...(asOf !== undefined ? { asOf } : {}) };
    let statement = commissionStatement(reader, { ...query, ...(params.currency !== undefined ? { currency: params.currency } : {}) });
    if (!statement) {
      const currency = await statementCurrency(reader, this.store, partnerId);
      if (currency === undefined) throw await this.nothingToState(partnerId);
      statement = commissionStatement(reader, { ...query, currency })!;
    }
    // An empty statement for an id nobody proposed would state zeros about a partner that does not exist.
    if (statement.lines.length === 0 && !(await this.partnerExists(partnerId))) {
      throw new DomainErrorException(notFound('partner', partnerId));
    }
    return asOf !== undefined ? { ...statement, asOf } : statement;
  }

  private async partnerExists(partnerId: string): Promise<boolean> {
    return (await this.store.streamRevision(streams.partner(partnerId))) !== null;
  }

  private async nothingToState(partnerId: string): Promise<DomainErrorException> {
    if (!(await this.partnerExists(partnerId))) return new DomainErrorException(notFound('partner', partnerId));
    return new DomainErrorException({
      kind: 'not_found',
      code: 'NOT_FOUND',
      message: `partner ${partnerId} has no agreement and no commission yet: give ?currency= for an empty statement`,
    });
  }
}
