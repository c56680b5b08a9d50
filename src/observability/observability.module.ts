import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE } from '../api/core/tokens';
import type { EventStore } from '../event-store/event-store.port';
import { HealthController } from './health.controller';
import { LedgerMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Injectable()
class HeadPositionBinding implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.setHeadPositionSource(() => this.store.headPosition());
  }
}

/** GET /health, GET /metrics. LedgerMetrics itself comes from LedgerCoreModule (created before Nest, for the hooks). */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [HeadPositionBinding],
})
export class ObservabilityModule {}
