import { Module } from '@nestjs/common';
import { CommissionsController } from './commissions.controller';
import { GetCommissionStatementHandler } from './get-commission-statement.query';

/** GET /v1/partners/{id}/commissions: the commission statement, now or as of an instant. */
@Module({
  controllers: [CommissionsController],
  providers: [GetCommissionStatementHandler],
})
export class CommissionsModule {}
