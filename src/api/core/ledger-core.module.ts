import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type Database from 'better-sqlite3';
import { boundStateCache, stateCacheOf } from '../../application/stream-state-cache';
import type { Config } from '../../config/config.schema';
import { createEventStore } from '../../event-store/create-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { LedgerMetrics } from '../../observability/metrics';
import { registerStateCacheMetrics } from '../../observability/state-cache-metrics';
import { ReadSideProgress } from '../read-side/read-side-progress';
import { openReadDb } from './read-db';
import { CONFIG, EVENT_STORE, READ_DB } from './tokens';

/**
 * Closes the store and the read database last: in onApplicationShutdown, which Nest calls only after every
 * module's onModuleDestroy/beforeApplicationShutdown — where subscriptions and projectors must stop.
 */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly readDb: Database.Database,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      if (this.readDb.open) this.readDb.close();
    }
  }
}

/**
 * What every feature module may inject, globally: CONFIG, EVENT_STORE, READ_DB, ReadSideProgress,
 * LedgerMetrics, and the CQRS buses (CommandBus, QueryBus, EventBus).
 */
const storeLogger = new Logger('EventStore');

@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(config: Config, metrics: LedgerMetrics = new LedgerMetrics()): DynamicModule {
    return {
      module: LedgerCoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LedgerMetrics, useValue: metrics },
        {
          provide: EVENT_STORE,
          useFactory: async () => {
            const store = await createEventStore({
              ...config,
              onWarning: (message, error) => storeLogger.warn(error ? `${message}: ${String(error)}` : message),
            });
            boundStateCache(store, config.stateCacheEvents);
            registerStateCacheMetrics(metrics, () => stateCacheOf(store));
            return store;
          },
        },
        { provide: READ_DB, useFactory: () => openReadDb(config.readDbPath) },
        { provide: ReadSideProgress, useFactory: () => new ReadSideProgress(config.queryWaitMs) },
        CoreShutdown,
      ],
      exports: [CONFIG, LedgerMetrics, EVENT_STORE, READ_DB, ReadSideProgress],
    };
  }
}
