import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { leaderboard, openAlerts, trialBalance, type LeaderboardEntry, type OpenAlert, type TrialBalance } from '../../../projections';
import { ReadModels } from '../../read-side/read-models';
import { PROJECTION } from '../../read-side/read-side.tokens';
import type { AlertsQuery, LeaderboardQuery, TrialBalanceQuery } from './reporting-query.schemas';

export class LeaderboardReportQuery extends Query<LeaderboardEntry[]> {
  constructor(readonly params: LeaderboardQuery) {
    super();
  }
}

export class TrialBalanceReportQuery extends Query<TrialBalance> {
  constructor(readonly params: TrialBalanceQuery) {
    super();
  }
}

export class OpenAlertsQuery extends Query<OpenAlert[]> {
  constructor(readonly params: AlertsQuery) {
    super();
  }
}

@QueryHandler(LeaderboardReportQuery)
export class LeaderboardReportHandler implements IQueryHandler<LeaderboardReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ params }: LeaderboardReportQuery): Promise<LeaderboardEntry[]> {
    await this.readModels.ready(params.minPosition);
    return leaderboard(this.readModels.reader(PROJECTION.leaderboards), {
      period: params.period,
      metric: params.metric,
      limit: params.limit,
      ...(params.currency !== undefined ? { currency: params.currency } : {}),
    });
  }
}

/** As of T is a query-time filter on the postings' recordedAt, exact once the ledger read model has the head. */
@QueryHandler(TrialBalanceReportQuery)
export class TrialBalanceReportHandler implements IQueryHandler<TrialBalanceReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ params }: TrialBalanceReportQuery): Promise<TrialBalance> {
    if (params.asOf !== undefined) await this.readModels.readyAsOf(params.minPosition);
    else await this.readModels.ready(params.minPosition);
    return trialBalance(this.readModels.reader(PROJECTION.ledger), params.asOf !== undefined ? { asOf: params.asOf } : {});
  }
}

@QueryHandler(OpenAlertsQuery)
export class OpenAlertsHandler implements IQueryHandler<OpenAlertsQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ params }: OpenAlertsQuery): Promise<OpenAlert[]> {
    await this.readModels.ready(params.minPosition);
    return openAlerts(
      { partnerHealth: this.readModels.reader(PROJECTION.partnerHealth), concentration: this.readModels.reader(PROJECTION.concentration) },
      { maxShare: this.readModels.concentrationMaxShare, ...(params.type !== undefined ? { type: params.type } : {}) },
    );
  }
}
