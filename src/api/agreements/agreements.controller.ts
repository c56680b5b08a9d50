import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import {
  AmendAgreementBody,
  MeasureKpiBody,
  SignAgreementBody,
  TerminateAgreementBody,
} from '../../domain/agreement/agreement.commands';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { toCommandResponse, type CommandResponse } from '../http/command-response';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { AgreementViewSchema, type AgreementView } from './agreement-view';
import { AmendAgreementCommand } from './amend-agreement.handler';
import { GetAgreementQuery } from './get-agreement.query';
import { MeasureKpiCommand } from './measure-kpi.handler';
import { SignAgreementCommand } from './sign-agreement.handler';
import { TerminateAgreementCommand } from './terminate-agreement.handler';

@ApiTags('agreements')
@Controller('v1/agreements')
export class AgreementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('partner-manager')
  @ApiCommandResponses()
  async sign(@ZodBody(SignAgreementBody) body: SignAgreementBody, @CommandCtx() ctx: CommandContext): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new SignAgreementCommand(body, ctx)));
  }

  @Post(':id/amendments')
  @Roles('partner-manager')
  @ApiCommandResponses()
  async amend(
    @IdParam('id') agreementId: string,
    @ZodBody(AmendAgreementBody) body: AmendAgreementBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new AmendAgreementCommand(agreementId, body, ctx)));
  }

  @Post(':id/termination')
  @Roles('partner-manager')
  @ApiCommandResponses()
  async terminate(
    @IdParam('id') agreementId: string,
    @ZodBody(TerminateAgreementBody) body: TerminateAgreementBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new TerminateAgreementCommand(agreementId, body, ctx)));
  }

  @Post(':id/kpi-measurements')
  @Roles('partner-manager')
  @ApiCommandResponses()
  async measure(
    @IdParam('id') agreementId: string,
    @ZodBody(MeasureKpiBody) body: MeasureKpiBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new MeasureKpiCommand(agreementId, body, ctx)));
  }

  @Get(':id')
  @AnyRole()
  @ApiZodResponse(200, AgreementViewSchema, 'every terms version and the status of every KPI')
  async get(@IdParam('id') agreementId: string): Promise<AgreementView> {
    return this.queries.execute(new GetAgreementQuery(agreementId));
  }
}
