import { Module } from '@nestjs/common';
import { ClosePeriodHandler } from './close-period.handler';
import { PeriodsController } from './periods.controller';

/** POST /v1/partners/{id}/periods/{period}/close (finance). */
@Module({ controllers: [PeriodsController], providers: [ClosePeriodHandler] })
export class PeriodsModule {}
