import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { LeaderboardEntry, OpenAlert, TrialBalance } from '../../../projections';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ApiZodResponse } from '../docs/api-docs.decorators';
import { ZodQuery } from '../http/zod-request.decorators';
import {
  AlertsQuerySchema,
  LeaderboardQuerySchema,
  TrialBalanceQuerySchema,
  type AlertsQuery,
  type LeaderboardQuery,
  type TrialBalanceQuery,
} from './reporting-query.schemas';
import { AlertsSchema, LeaderboardSchema, TrialBalanceSchema } from './reporting-response.schemas';
import { LeaderboardReportQuery, OpenAlertsQuery, TrialBalanceReportQuery } from './reporting.queries';

@ApiTags('reporting')
@Controller('v1')
export class ReportingController {
  constructor(private readonly queries: QueryBus) {}

  @Get('leaderboards')
  @AnyRole()
  @ApiZodResponse(200, LeaderboardSchema, 'ranked best first; ties ordered by partnerId')
  leaderboard(@ZodQuery(LeaderboardQuerySchema) query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
    return this.queries.execute(new LeaderboardReportQuery(query));
  }

  @Get('ledger/trial-balance')
  @Roles('finance', 'auditor')
  @ApiZodResponse(200, TrialBalanceSchema, 'balances per account and currency; each currency sums to 0')
  trialBalance(@ZodQuery(TrialBalanceQuerySchema) query: TrialBalanceQuery): Promise<TrialBalance> {
    return this.queries.execute(new TrialBalanceReportQuery(query));
  }

  @Get('alerts')
  @AnyRole()
  @ApiZodResponse(200, AlertsSchema, 'open alerts: KPI breaches, recommended terminations, concentration')
  alerts(@ZodQuery(AlertsQuerySchema) query: AlertsQuery): Promise<OpenAlert[]> {
    return this.queries.execute(new OpenAlertsQuery(query));
  }
}
