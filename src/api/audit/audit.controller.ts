import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { StreamType } from '../../domain/stream-names';
import type { ChainVerification } from '../../event-store/verify-chains';
import { Roles } from '../auth/roles.decorator';
import { ApiZodResponse } from '../docs/api-docs.decorators';
import { ErrorResponseSchema } from '../http/error-response.schema';
import { ZodQuery } from '../http/zod-request.decorators';
import { PathParam } from '../periods/path-param.decorator';
import { IdParam } from '../partners/id-param.decorator';
import { AuditEventSchema, type AuditEventView } from './audit-event.view';
import {
  CorrelationIdSchema,
  EventIdSchema,
  ReadQuerySchema,
  StreamAuditQuerySchema,
  StreamTypeSchema,
  type ReadQuery,
  type StreamAuditQuery,
} from './audit-query.schemas';
import { CorrelatedEventsQuery } from './correlated-events.query';
import { ExplainCommissionQuery, ExplainPayoutQuery } from './explain/explain.queries';
import { CommissionExplanationSchema, PayoutExplanationSchema, type CommissionExplanation, type PayoutExplanation } from './explain/explanation.schema';
import { ReadStreamAuditQuery } from './read-stream-audit.query';
import { ChainVerificationSchema, VerifyChainsQuery } from './verify-chains.query';

const NOT_FOUND = ApiZodResponse(404, ErrorResponseSchema, 'NOT_FOUND');

/** What an auditor (and finance) asks during a dispute: who did what, when, on which terms, and is it intact. */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('verify')
  @Roles('auditor')
  @ApiZodResponse(200, ChainVerificationSchema, 'every hash chain recomputed; firstBroken names where the books stop being trustworthy')
  verify(): Promise<ChainVerification> {
    return this.queries.execute(new VerifyChainsQuery());
  }

  @Get('correlation/:correlationId')
  @Roles('auditor', 'finance')
  @ApiZodResponse(200, z.array(AuditEventSchema), 'every event of the business transaction, across streams, in $all order')
  @NOT_FOUND
  correlation(
    @PathParam('correlationId', CorrelationIdSchema) correlationId: string,
    @ZodQuery(ReadQuerySchema) query: ReadQuery,
  ): Promise<AuditEventView[]> {
    return this.queries.execute(new CorrelatedEventsQuery(correlationId, query.minPosition));
  }

  @Get('explain/payout/:id')
  @Roles('auditor', 'finance')
  @ApiZodResponse(200, PayoutExplanationSchema, 'the payout’s steps and every line back to its origin')
  @NOT_FOUND
  explainPayout(@IdParam('id') payoutId: string, @ZodQuery(ReadQuerySchema) query: ReadQuery): Promise<PayoutExplanation> {
    return this.queries.execute(new ExplainPayoutQuery(payoutId, query.minPosition));
  }

  @Get('explain/commission/:eventId')
  @Roles('auditor', 'finance')
  @ApiZodResponse(200, CommissionExplanationSchema, 'the line back to the conversion, referral, offer, terms version and actors')
  @NOT_FOUND
  explainCommission(
    @PathParam('eventId', EventIdSchema) eventId: string,
    @ZodQuery(ReadQuerySchema) query: ReadQuery,
  ): Promise<CommissionExplanation> {
    return this.queries.execute(new ExplainCommissionQuery(eventId, query.minPosition));
  }

  @Get(':streamType/:id')
  @Roles('auditor', 'finance')
  @ApiZodResponse(200, z.array(AuditEventSchema), 'every event of the stream in revision order, as stored')
  @NOT_FOUND
  stream(
    @PathParam('streamType', StreamTypeSchema) streamType: string,
    @IdParam('id') id: string,
    // minPosition is accepted like on every query; the store is read directly, so it is always reached.
    @ZodQuery(StreamAuditQuerySchema) query: StreamAuditQuery,
  ): Promise<AuditEventView[]> {
    return this.queries.execute(new ReadStreamAuditQuery(streamType as StreamType, id, query.asOf));
  }
}
