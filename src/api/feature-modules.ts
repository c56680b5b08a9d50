import type { DynamicModule, Type } from '@nestjs/common';

/**
 * The business endpoints. Each feature adds its module here, one line each (e.g. `PartnersModule,`);
 * AppModule imports them all after the shell, so they may inject everything LedgerCoreModule provides.
 */
export const featureModules: Array<Type | DynamicModule> = [];
