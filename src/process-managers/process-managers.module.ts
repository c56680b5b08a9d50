import { Global, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { AFTER_APPEND_EFFECTS } from '../api/referrals/after-append-effects';
import { EVENT_STORE, READ_DB } from '../api/core/tokens';
import type { EventStore } from '../event-store/event-store.port';
import type { ProcessManagerLog } from './dispatch';
import { InlineEffects } from './inline-effects';
import { allProcessManagers } from './all-process-managers';
import { moneyProcessManagers } from './money-process-managers';
import { ProcessManagerRunner } from './process-manager-runner';
import { ProcessManagersController } from './process-managers.controller';

function nestLog(context: string): ProcessManagerLog {
  const logger = new Logger(context);
  return {
    warn: (fields, message) => logger.warn({ msg: message, ...fields }),
    error: (fields, message) => logger.error({ msg: message, ...fields }),
  };
}

/** Starts the runner once the app is up; stops it before the store and the read database are closed. */
@Injectable()
class RunnerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly runner: ProcessManagerRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.close();
  }
}

/**
 * The process managers: the durable runner following `$all` (checkpoint in READ_DB), and the same managers
 * inline after a command's append (InlineEffects, also provided as the referral handlers' AFTER_APPEND_EFFECTS).
 */
@Global()
@Module({
  controllers: [ProcessManagersController],
  providers: [
    {
      provide: InlineEffects,
      useFactory: (store: EventStore) => new InlineEffects(store, moneyProcessManagers, nestLog('InlineEffects')),
      inject: [EVENT_STORE],
    },
    { provide: AFTER_APPEND_EFFECTS, useExisting: InlineEffects },
    {
      provide: ProcessManagerRunner,
      useFactory: (store: EventStore, readDb: Database.Database) =>
        new ProcessManagerRunner({ store, managers: allProcessManagers, checkpoints: readDb, log: nestLog('ProcessManagerRunner') }),
      inject: [EVENT_STORE, READ_DB],
    },
    RunnerLifecycle,
  ],
  exports: [InlineEffects, AFTER_APPEND_EFFECTS, ProcessManagerRunner],
})
export class ProcessManagersModule {}
