import { Module } from '@nestjs/common';
import { ApprovePayoutHandler } from './approve-payout.handler';
import { GetPayoutHandler } from './get-payout.query';
import { PayPayoutHandler } from './pay-payout.handler';
import { PayoutsController } from './payouts.controller';
import { PreparePayoutHandler } from './prepare-payout.handler';

/** /v1/payouts: prepare (finance), approve (approver, four eyes), pay (finance), read the statement. */
@Module({
  controllers: [PayoutsController],
  providers: [PreparePayoutHandler, ApprovePayoutHandler, PayPayoutHandler, GetPayoutHandler],
})
export class PayoutsModule {}
