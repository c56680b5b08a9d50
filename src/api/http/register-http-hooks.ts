import type { FastifyInstance } from 'fastify';
import { registerCorrelationId } from './correlation-id';
import { serializeJson } from './json-serializer';
import { registerResponseStatusHook } from './response-status';

/** Fastify-level behaviour that must exist before Nest registers its routes. */
export function registerHttpHooks(fastify: FastifyInstance): void {
  fastify.decorateRequest('principal', null);
  registerCorrelationId(fastify);
  registerResponseStatusHook(fastify);
  fastify.setReplySerializer(serializeJson);
}
