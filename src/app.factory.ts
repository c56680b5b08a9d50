import './api/http/fastify-request.augment';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule, Type } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { setupOpenApi } from './api/docs/openapi';
import { registerHttpHooks } from './api/http/register-http-hooks';
import { AppModule } from './app.module';
import type { Config, Env } from './config/config.schema';
import { resolveConfig } from './config/load-config';
import { childLoggerFactory, registerHttpMetrics } from './observability/http-observability.hooks';
import { createLogger } from './observability/logger';
import { LedgerMetrics } from './observability/metrics';
import { PinoNestLogger } from './observability/pino-nest-logger';

/** API.md: bodies over 1 MiB are refused with 413. */
export const BODY_LIMIT_BYTES = 1_048_576;

export interface CreateAppOptions {
  /** Modules beyond the feature modules (e.g. a test-only controller). */
  modules?: Array<Type | DynamicModule>;
  /** Where JSON log lines go; stdout by default. */
  logDestination?: DestinationStream;
  /** Where the API-key-file notice goes; console.log by default. */
  print?: (line: string) => void;
}

/**
 * Builds the whole service, initialised and ready (app.inject works at once; main.ts then listens).
 * `input` is an environment (PORT, LEDGER_DB, …) or a partial Config laid over the defaults.
 */
export async function createApp(
  input: Partial<Config> | Env = process.env,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const config = resolveConfig(input);
  if (config.apiKeyFile) {
    const print = options.print ?? ((line: string) => console.log(line));
    print(
      config.apiKeyFile.created
        ? `LEDGER_API_KEYS is not set: generated one API key per role in ${config.apiKeyFile.path} (readable only by you)`
        : `LEDGER_API_KEYS is not set: using the API keys in ${config.apiKeyFile.path}`,
    );
  }
  const logger = createLogger(config.logLevel, options.logDestination);
  const metrics = new LedgerMetrics();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    childLoggerFactory,
    // Unique across restarts and instances, unlike Fastify's per-process counter.
    genReqId: () => randomUUID(),
  });
  const fastify = adapter.getInstance();
  registerHttpHooks(fastify);
  registerHttpMetrics(fastify, metrics);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, metrics, extraModules: options.modules ?? [] }),
    adapter,
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  try {
    setupOpenApi(app);
    await app.init();
    await fastify.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
