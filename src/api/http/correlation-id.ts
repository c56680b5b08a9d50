import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { validationFailed } from './http-problem';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const ON_RAW = Symbol('partnership-ledger.correlationId');

type RawWithCorrelation = IncomingMessage & { [ON_RAW]?: string };

function headerValue(raw: IncomingMessage): string | undefined {
  const value = raw.headers[CORRELATION_ID_HEADER];
  return Array.isArray(value) ? value.join(',') : value;
}

export function isValidCorrelationId(value: string): boolean {
  return CORRELATION_ID_PATTERN.test(value);
}

/**
 * The caller's X-Correlation-Id when valid, else a new uuid; computed once per raw request because the
 * request logger (created before any hook runs) needs it too.
 */
export function correlationIdOf(raw: IncomingMessage): string {
  const cached = (raw as RawWithCorrelation)[ON_RAW];
  if (cached !== undefined) return cached;
  const given = headerValue(raw);
  const id = given !== undefined && isValidCorrelationId(given) ? given : randomUUID();
  (raw as RawWithCorrelation)[ON_RAW] = id;
  return id;
}

/** Sets request.correlationId, echoes it on every answer, and refuses a malformed header with 400. */
export function registerCorrelationId(fastify: FastifyInstance): void {
  fastify.decorateRequest('correlationId', '');
  fastify.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdOf(request.raw);
    reply.header(CORRELATION_ID_HEADER, request.correlationId);
    const given = headerValue(request.raw);
    if (given !== undefined && !isValidCorrelationId(given)) {
      throw validationFailed('invalid X-Correlation-Id header', [
        { path: 'X-Correlation-Id', message: '1-128 of letters, digits and . _ : @ / + = -' },
      ]);
    }
  });
}
