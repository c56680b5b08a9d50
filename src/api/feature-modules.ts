import type { DynamicModule, Type } from '@nestjs/common';
import { AgreementsModule } from './agreements/agreements.module';
import { OffersModule } from './offers/offers.module';
import { PartnersModule } from './partners/partners.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ProcessManagersModule } from '../process-managers/process-managers.module';
import { DisputesModule } from './disputes/disputes.module';
import { PayoutsModule } from './payouts/payouts.module';
import { PeriodsModule } from './periods/periods.module';

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
];
