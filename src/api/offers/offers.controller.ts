import { Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../application/command-context';
import { LaunchOfferBody, RedeemOfferBody } from '../../domain/offer/offer.commands';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ApiCommandResponses, ApiZodResponse } from '../docs/api-docs.decorators';
import { CommandCtx } from '../http/command-context.decorator';
import { CommandResponseSchema, toCommandResponse, type CommandResponse } from '../http/command-response';
import { withStatus, statusOf } from '../http/response-status';
import { ZodBody } from '../http/zod-request.decorators';
import { IdParam } from '../partners/id-param.decorator';
import { GetOfferQuery } from './get-offer.query';
import { LaunchOfferCommand } from './launch-offer.handler';
import { OfferViewSchema, type OfferView } from './offer-view';
import { RedeemOfferCommand } from './redeem-offer.handler';

/** A redemption answers for the offer's stream, with the referral it registered for the customer. */
const RedemptionResponseSchema = CommandResponseSchema.extend({ referralId: CommandResponseSchema.shape.streamId });
type RedemptionResponse = CommandResponse & { referralId: string };

@ApiTags('offers')
@Controller('v1/offers')
export class OffersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('partner-manager')
  @ApiCommandResponses()
  async launch(@ZodBody(LaunchOfferBody) body: LaunchOfferBody, @CommandCtx() ctx: CommandContext): Promise<CommandResponse> {
    return toCommandResponse(await this.commands.execute(new LaunchOfferCommand(body, ctx)));
  }

  @Post(':id/redemptions')
  @Roles('partner-manager')
  // Above ApiCommandResponses, so that these replace its generic 201/200 (decorators apply bottom-up).
  @ApiZodResponse(201, RedemptionResponseSchema, 'redeemed: the customer is attributed and its referral registered')
  @ApiZodResponse(200, RedemptionResponseSchema, 'an idempotent repeat: nothing appended')
  @ApiCommandResponses()
  async redeem(
    @IdParam('id') offerId: string,
    @ZodBody(RedeemOfferBody) body: RedeemOfferBody,
    @CommandCtx() ctx: CommandContext,
  ): Promise<RedemptionResponse> {
    const { result, referralId } = await this.commands.execute(new RedeemOfferCommand(offerId, body, ctx));
    const response = toCommandResponse(result);
    return withStatus({ ...response, referralId }, statusOf(response) ?? 201);
  }

  @Get(':id')
  @AnyRole()
  @ApiZodResponse(200, OfferViewSchema, 'the offer and its redemptions')
  async get(@IdParam('id') offerId: string): Promise<OfferView> {
    return this.queries.execute(new GetOfferQuery(offerId));
  }
}
