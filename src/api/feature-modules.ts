import type { DynamicModule, Type } from '@nestjs/common';
import { AgreementsModule } from './agreements/agreements.module';
import { OffersModule } from './offers/offers.module';
import { PartnersModule } from './partners/partners.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ProcessManagersModule } from '../process-managers/process-managers.module';
import { DisputesModule } from './disputes/disputes.module';
import { PayoutsModule } from './payouts/payouts.module';
import { PeriodsModule } from './periods/periods.module';
import { ReadSideModule } from '../read-side/read-side.module';
import { CommissionsModule } from './commissions/commissions.module';
import { AuditModule } from './audit/audit.module';
import { ReportingModule } from './reporting/reporting.module';
import { OperationsModule } from './operations/operations.module';

/**
 * The business endpoints. Each feature adds its module here, one line each (e.g. `PartnersModule,`);
 * AppModule imports them all after the shell, so they may inject everything LedgerCoreModule provides.
 */
export const featureModules: Array<Type | DynamicModule> = [
  PartnersModule,
  AgreementsModule,
  OffersModule,
  ReferralsModule,
  PayoutsModule,
  DisputesModule,
  PeriodsModule,
  ProcessManagersModule,
  ReadSideModule,
  CommissionsModule,
  AuditModule,
  ReportingModule,
  OperationsModule,
];
