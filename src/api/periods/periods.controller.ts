import { Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import { ClosePeriodBody } from '../../domain/account/account.commands';
import { PeriodSchema } from '../../domain/shared/identifiers';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandResponses } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { toCommandResponse, type CommandResponse } from '../http/command-response';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { ClosePeriodCommand } from './close-period.handler';
import { PathParam } from './path-param.decorator';

@ApiTags('periods')
@Controller('v1/partners')
export class PeriodsController {
  constructor(private readonly commands: CommandBus) {}

  /** Applies the period's bonuses and caps, then closes it: its lines become payable in a payout. */
  @Post(':id/periods/:period/close')
  @Roles('finance')
  @ApiCommandResponses()
  async close(
    @IdParam('id') partnerId: string,
    @PathParam('period', PeriodSchema) period: string,
    @ZodBody(ClosePeriodBody) _body: ClosePeriodBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new ClosePeriodCommand(partnerId, period, ctx)));
  }
}
