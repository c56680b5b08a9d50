import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { CommandContext } from '../../application/command-context';
import { ApprovePayoutBody, PayPayoutBody, PreparePayoutBody } from '../../domain/payout/payout.commands';
import { PayoutLineSchema } from '../../domain/payout/payout.events';
import { MoneySchema } from '../../domain/shared/money';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { CommandResponseSchema, toCommandResponse, type CommandResponse } from '../http/command-response';
import { withStatus, statusOf } from '../http/response-status';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { ApprovePayoutCommand } from './approve-payout.handler';
import { GetPayoutQuery } from './get-payout.query';
import { PayPayoutCommand } from './pay-payout.handler';
import { PayoutStatementSchema, type PayoutStatement } from './payout-statement';
import { PreparePayoutCommand } from './prepare-payout.handler';

const PreparedPayoutResponseSchema = CommandResponseSchema.extend({
  payoutId: z.string(),
  lines: z.array(PayoutLineSchema),
  total: MoneySchema,
});
type PreparedPayoutResponse = z.infer<typeof PreparedPayoutResponseSchema>;

@ApiTags('payouts')
@Controller('v1/payouts')
export class PayoutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance')
  @ApiCommandResponses()
  @ApiZodResponse(201, PreparedPayoutResponseSchema, 'PayoutPrepared: the statement with its lines and total')
  async prepare(@ZodBody(PreparePayoutBody) body: PreparePayoutBody, @CommandCtx() ctx: CommandContext): Promise<PreparedPayoutResponse> {
    const prepared = await this.commands.execute(new PreparePayoutCommand(body, ctx));
    const response = toCommandResponse(prepared.result);
    return withStatus({ ...response, payoutId: body.payoutId, lines: prepared.lines, total: prepared.total }, statusOf(response)!);
  }

  @Post(':id/approval')
  @Roles('approver')
  @ApiCommandResponses()
  async approve(
    @IdParam('id') payoutId: string,
    @ZodBody(ApprovePayoutBody) _body: ApprovePayoutBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new ApprovePayoutCommand(payoutId, ctx)));
  }

  @Post(':id/payment')
  @Roles('finance')
  @ApiCommandResponses()
  async pay(
    @IdParam('id') payoutId: string,
    @ZodBody(PayPayoutBody) body: PayPayoutBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new PayPayoutCommand(payoutId, body, ctx)));
  }

  @Get(':id')
  @Roles('finance', 'auditor')
  @ApiZodResponse(200, PayoutStatementSchema, 'the statement: lines, total, status, who prepared, approved and paid it, and when')
  async get(@IdParam('id') payoutId: string): Promise<PayoutStatement> {
    return this.queries.execute(new GetPayoutQuery(payoutId));
  }
}
