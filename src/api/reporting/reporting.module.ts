import { Module } from '@nestjs/common';
import { ReportingController } from './reporting.controller';
import { LeaderboardReportHandler, OpenAlertsHandler, TrialBalanceReportHandler } from './reporting.queries';

/** GET /v1/leaderboards, /v1/ledger/trial-balance, /v1/alerts. */
@Module({
  controllers: [ReportingController],
  providers: [LeaderboardReportHandler, TrialBalanceReportHandler, OpenAlertsHandler],
})
export class ReportingModule {}
