import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import { RecordConversionBody, RefundRevenueBody, RegisterReferralBody } from '../../domain/referral/referral.commands';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { toCommandResponse, type CommandResponse } from '../http/command-response';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { GetReferralQuery } from './get-referral.query';
import { RecordConversionCommand } from './record-conversion.handler';
import { ReferralViewSchema, type ReferralView } from './referral-view';
import { RefundRevenueCommand } from './refund-revenue.handler';
import { RegisterReferralCommand } from './register-referral.handler';

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('partner-manager')
  @ApiCommandResponses()
  async register(@ZodBody(RegisterReferralBody) body: RegisterReferralBody, @CommandCtx() ctx: CommandContext): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new RegisterReferralCommand(body, ctx)));
  }

  @Post(':id/conversions')
  @Roles('finance')
  @ApiCommandResponses()
  async convert(
    @IdParam('id') referralId: string,
    @ZodBody(RecordConversionBody) body: RecordConversionBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new RecordConversionCommand(referralId, body, ctx)));
  }

  @Post(':id/refunds')
  @Roles('finance')
  @ApiCommandResponses()
  async refund(
    @IdParam('id') referralId: string,
    @ZodBody(RefundRevenueBody) body: RefundRevenueBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new RefundRevenueCommand(referralId, body, ctx)));
  }

  @Get(':id')
  @AnyRole()
  @ApiZodResponse(200, ReferralViewSchema, 'the referral, its conversions and their refunds')
  async get(@IdParam('id') referralId: string): Promise<ReferralView> {
    return this.queries.execute(new GetReferralQuery(referralId));
  }
}
