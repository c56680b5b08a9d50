import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type Database from 'better-sqlite3';
import type { Config } from '../config/config.schema';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { AuthGuard } from './auth/auth.guard';
import { CONFIG, READ_DB } from './core/tokens';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';

/** The rules every route obeys: authentication and roles, the error shape, idempotency keys. */
@Module({
  providers: [
    {
      provide: ApiKeyAuthenticator,
      useFactory: (config: Config) => new ApiKeyAuthenticator(config.apiKeys),
      inject: [CONFIG],
    },
    {
      provide: IdempotencyStore,
      useFactory: (db: Database.Database) => new IdempotencyStore(db),
      inject: [READ_DB],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class ApiShellModule {}
