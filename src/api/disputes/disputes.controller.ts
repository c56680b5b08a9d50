import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import { AddEvidenceBody, OpenDisputeBody, ResolveDisputeBody } from '../../domain/dispute/dispute.commands';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { toCommandResponse, type CommandResponse } from '../http/command-response';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { AddEvidenceCommand } from './add-evidence.handler';
import { DisputeViewSchema, type DisputeView } from './dispute-view';
import { GetDisputeQuery } from './get-dispute.query';
import { OpenDisputeCommand } from './open-dispute.handler';
import { ResolveDisputeCommand } from './resolve-dispute.handler';

@ApiTags('disputes')
@Controller('v1/disputes')
export class DisputesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('partner-manager', 'finance')
  @ApiCommandResponses()
  async open(@ZodBody(OpenDisputeBody) body: OpenDisputeBody, @CommandCtx() ctx: CommandContext): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new OpenDisputeCommand(body, ctx)));
  }

  /** Any writer: every role but the read-only auditor. */
  @Post(':id/evidence')
  @Roles('partner-manager', 'finance', 'approver')
  @ApiCommandResponses()
  async addEvidence(
    @IdParam('id') disputeId: string,
    @ZodBody(AddEvidenceBody) body: AddEvidenceBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new AddEvidenceCommand(disputeId, body, ctx)));
  }

  @Post(':id/resolution')
  @Roles('finance')
  @ApiCommandResponses()
  async resolve(
    @IdParam('id') disputeId: string,
    @ZodBody(ResolveDisputeBody) body: ResolveDisputeBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new ResolveDisputeCommand(disputeId, body, ctx)));
  }

  @Get(':id')
  @Roles('partner-manager', 'finance', 'approver', 'auditor')
  @ApiZodResponse(200, DisputeViewSchema, 'the dispute: subject, claim, evidence and resolution, with who and when')
  async get(@IdParam('id') disputeId: string): Promise<DisputeView> {
    return this.queries.execute(new GetDisputeQuery(disputeId));
  }
}
