import { Module } from '@nestjs/common';
import { GetOfferHandler } from './get-offer.query';
import { LaunchOfferHandler } from './launch-offer.handler';
import { OffersController } from './offers.controller';
import { RedeemOfferHandler } from './redeem-offer.handler';

/** POST/GET /v1/offers: launching an offer and redeeming its promo codes (which attributes the customer). */
@Module({
  controllers: [OffersController],
  providers: [LaunchOfferHandler, RedeemOfferHandler, GetOfferHandler],
})
export class OffersModule {}
