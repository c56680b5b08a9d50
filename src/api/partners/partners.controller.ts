import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import {
  ApprovePartnerBody,
  ProposePartnerBody,
  RejectPartnerBody,
  ScreenPartnerBody,
} from '../../domain/partner/partner.commands';
import { PartnerScreened } from '../../domain/partner/partner.events';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { CommandResponseSchema, toCommandResponse, type CommandResponse } from '../http/command-response';
import { withStatus, statusOf } from '../http/response-status';
import { ZodBody } from '../http/zod-request.decorators';
import { DecidePartnerCommand } from './decide-partner.handler';
import { GetPartnerQuery } from './get-partner.query';
import { IdParam } from './id-param.decorator';
import { PartnerViewSchema, type PartnerView } from './partner-view';
import { ProposePartnerCommand } from './propose-partner.handler';
import { ScreenPartnerCommand } from './screen-partner.handler';

/** A screening answers with the policy's verdict as well, so the manager sees it without a second request. */
const ScreeningResponseSchema = CommandResponseSchema.extend(PartnerScreened.data.pick({ recommendation: true, weightedScore: true, reasons: true }).shape);
type ScreeningResponse = z.infer<typeof ScreeningResponseSchema>;

@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('partner-manager')
  @ApiCommandResponses()
  async propose(@ZodBody(ProposePartnerBody) body: ProposePartnerBody, @CommandCtx() ctx: CommandContext): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new ProposePartnerCommand(body, ctx)));
  }

  @Post(':id/screenings')
  @Roles('partner-manager')
  // Above ApiCommandResponses, so that this replaces its generic 201 (decorators apply bottom-up).
  @ApiZodResponse(201, ScreeningResponseSchema, 'screened: the policy’s recommendation, weighted score and reasons')
  @ApiCommandResponses()
  async screen(
    @IdParam('id') partnerId: string,
    @ZodBody(ScreenPartnerBody) body: ScreenPartnerBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<ScreeningResponse> {
    const { result, screening } = await this.commands.execute(new ScreenPartnerCommand(partnerId, body, ctx));
    const response = toCommandResponse(result);
    return withStatus({ ...response, ...screening }, statusOf(response) ?? 201);
  }

  @Post(':id/approval')
  @Roles('partner-manager')
  @ApiCommandResponses()
  async approve(
    @IdParam('id') partnerId: string,
    @ZodBody(ApprovePartnerBody) body: ApprovePartnerBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new DecidePartnerCommand(partnerId, 'approve', body, ctx)));
  }

  @Post(':id/rejection')
  @Roles('partner-manager')
  @ApiCommandResponses()
  async reject(
    @IdParam('id') partnerId: string,
    @ZodBody(RejectPartnerBody) body: RejectPartnerBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new DecidePartnerCommand(partnerId, 'reject', body, ctx)));
  }

  @Get(':id')
  @AnyRole()
  @ApiZodResponse(200, PartnerViewSchema, 'the partner: status, latest screening, agreements')
  async get(@IdParam('id') partnerId: string): Promise<PartnerView> {
    return this.queries.execute(new GetPartnerQuery(partnerId));
  }
}
