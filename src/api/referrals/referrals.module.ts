import { Module } from '@nestjs/common';
import { GetReferralHandler } from './get-referral.query';
import { RecordConversionHandler } from './record-conversion.handler';
import { ReferralsController } from './referrals.controller';
import { RefundRevenueHandler } from './refund-revenue.handler';
import { RegisterReferralHandler } from './register-referral.handler';

/**
 * POST/GET /v1/referrals: registration (with the customer's attribution), conversions and refunds. The money
 * side's inline effects plug in through AFTER_APPEND_EFFECTS (see after-append-effects.ts).
 */
@Module({
  controllers: [ReferralsController],
  providers: [RegisterReferralHandler, RecordConversionHandler, RefundRevenueHandler, GetReferralHandler],
})
export class ReferralsModule {}
