import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { CorrelatedEventsHandler } from './correlated-events.query';
import { ExplainCommissionHandler, ExplainPayoutHandler } from './explain/explain.queries';
import { ReadStreamAuditHandler } from './read-stream-audit.query';
import { VerifyChainsHandler } from './verify-chains.query';

/** GET /v1/audit/…: streams as stored, business transactions, explanations of payouts and lines, chain verification. */
@Module({
  controllers: [AuditController],
  providers: [ReadStreamAuditHandler, CorrelatedEventsHandler, ExplainCommissionHandler, ExplainPayoutHandler, VerifyChainsHandler],
})
export class AuditModule {}
