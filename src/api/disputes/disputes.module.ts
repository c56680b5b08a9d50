import { Module } from '@nestjs/common';
import { AddEvidenceHandler } from './add-evidence.handler';
import { DisputesController } from './disputes.controller';
import { GetDisputeHandler } from './get-dispute.query';
import { OpenDisputeHandler } from './open-dispute.handler';
import { ResolveDisputeHandler } from './resolve-dispute.handler';

/** /v1/disputes: open, attach evidence, resolve (an adjustment posts to the account), read. */
@Module({
  controllers: [DisputesController],
  providers: [OpenDisputeHandler, AddEvidenceHandler, ResolveDisputeHandler, GetDisputeHandler],
})
export class DisputesModule {}
