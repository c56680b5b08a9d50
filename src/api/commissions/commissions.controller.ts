import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiZodResponse } from '../docs/api-docs.decorators';
import { ErrorResponseSchema } from '../http/error-response.schema';
import { ZodQuery } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { CommissionStatementSchema } from './commission-statement.schema';
import { CommissionsQuerySchema, type CommissionsQuery } from './commissions-query.schema';
import { GetCommissionStatementQuery, type CommissionStatementAnswer } from './get-commission-statement.query';

@ApiTags('money')
@Controller('v1/partners')
export class CommissionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/commissions')
  @Roles('finance', 'auditor')
  @ApiZodResponse(200, CommissionStatementSchema, 'the statement of one period in one currency, with every line')
  @ApiZodResponse(404, ErrorResponseSchema, 'no such partner')
  @ApiZodResponse(409, ErrorResponseSchema, 'READ_MODEL_BEHIND: minPosition not reached in time')
  statement(
    @IdParam('id') partnerId: string,
    @ZodQuery(CommissionsQuerySchema) query: CommissionsQuery,
  ): Promise<CommissionStatementAnswer> {
    return this.queries.execute(new GetCommissionStatementQuery(partnerId, query));
  }
}
