import { Module } from '@nestjs/common';
import { AgreementsController } from './agreements.controller';
import { AmendAgreementHandler } from './amend-agreement.handler';
import { GetAgreementHandler } from './get-agreement.query';
import { MeasureKpiHandler } from './measure-kpi.handler';
import { SignAgreementHandler } from './sign-agreement.handler';
import { TerminateAgreementHandler } from './terminate-agreement.handler';

/** POST/GET /v1/agreements: signature, amendments (terms versions), KPI measurements, termination. */
@Module({
  controllers: [AgreementsController],
  providers: [SignAgreementHandler, AmendAgreementHandler, TerminateAgreementHandler, MeasureKpiHandler, GetAgreementHandler],
})
export class AgreementsModule {}
