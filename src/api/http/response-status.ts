import type { FastifyInstance } from 'fastify';

/*
 * Nest sets a route's status from its decorators after the handler ran, so a handler cannot choose between
 * 201 and 200 (or 200 and 503) by itself. A body marked with withStatus() carries its status to a
 * preSerialization hook, which sets it last. The mark is a non-enumerable symbol: it never reaches the JSON.
 */
const RESPONSE_STATUS = Symbol.for('partnership-ledger.responseStatus');

export function withStatus<T extends object>(body: T, status: number): T {
  Object.defineProperty(body, RESPONSE_STATUS, { value: status, enumerable: false, configurable: true });
  return body;
}

export function statusOf(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const status = (body as Record<symbol, unknown>)[RESPONSE_STATUS];
  return typeof status === 'number' ? status : undefined;
}

export function registerResponseStatusHook(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', async (_request, reply, payload) => {
    const status = statusOf(payload);
    if (status !== undefined) reply.code(status);
    return payload;
  });
}
