import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ApiShellModule } from './api/api-shell.module';
import { LedgerCoreModule } from './api/core/ledger-core.module';
import { featureModules } from './api/feature-modules';
import type { Config } from './config/config.schema';
import type { LedgerMetrics } from './observability/metrics';
import { ObservabilityModule } from './observability/observability.module';

export interface AppModuleOptions {
  config: Config;
  metrics?: LedgerMetrics;
  /** Modules beyond the feature modules, e.g. a test-only controller. */
  extraModules?: Array<Type | DynamicModule>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerCoreModule.forRoot(options.config, options.metrics),
        ApiShellModule,
        ObservabilityModule,
        ...featureModules,
        ...(options.extraModules ?? []),
      ],
    };
  }
}
