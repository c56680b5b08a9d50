import { Module } from '@nestjs/common';
import { DecidePartnerHandler } from './decide-partner.handler';
import { GetPartnerHandler } from './get-partner.query';
import { PartnersController } from './partners.controller';
import { ProposePartnerHandler } from './propose-partner.handler';
import { ScreenPartnerHandler } from './screen-partner.handler';

/** POST/GET /v1/partners: proposal, screening, approval or rejection by a person. */
@Module({
  controllers: [PartnersController],
  providers: [ProposePartnerHandler, ScreenPartnerHandler, DecidePartnerHandler, GetPartnerHandler],
})
export class PartnersModule {}
