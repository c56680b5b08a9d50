import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { correlationIdOf } from '../api/http/correlation-id';
import type { LedgerMetrics } from './metrics';

/**
 * Every request log line carries the request id (Fastify's reqId) and the correlation id: the child logger
 * Fastify creates for each request, before any hook, is bound to both.
 */
export const childLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (
  logger,
  bindings,
  options,
  rawRequest,
) {
  return logger.child({ ...bindings, correlationId: correlationIdOf(rawRequest as IncomingMessage) }, options);
};

export function registerHttpMetrics(fastify: FastifyInstance, metrics: LedgerMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
}
