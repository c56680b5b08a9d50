import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../../application/command-context';
import { unauthenticated } from '../auth/auth-problems';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from '../idempotency/idempotency-key';
import { validationFailed } from './http-problem';
import { parseIfMatch } from './if-match';
import { CommandEnvelopeSchema } from './command-envelope';
import { issueDetails } from './zod-issues';

/**
 * The CommandContext of an HTTP command: actor from the authenticated principal, correlation id from the
 * X-Correlation-Id header (or a new one), business time and reason from the body, If-Match as the expected
 * revision. `now` is injectable for tests.
 */
export function commandContextOf(request: FastifyRequest, now: () => Date = () => new Date()): CommandContext {
  const principal = request.principal;
  if (!principal) throw unauthenticated('this command needs an authenticated caller');
  const body: unknown = request.body;
  const envelope = CommandEnvelopeSchema.safeParse(
    body !== null && typeof body === 'object' && !Array.isArray(body) ? pickEnvelope(body) : {},
  );
  if (!envelope.success) {
    throw validationFailed('the request body is invalid', issueDetails(envelope.error.issues));
  }
  const { occurredAt, reason } = envelope.data;
  const expectedRevision = parseIfMatch(request.headers['if-match']);
  const idempotencyKey = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
  return {
    actor: { principalId: principal.principalId, role: principal.role },
    correlationId: request.correlationId,
    causationId: null,
    // Normalised to toISOString() so instants compare correctly as strings everywhere downstream.
    occurredAt: new Date(occurredAt ?? now()).toISOString(),
    occurredAtGiven: occurredAt !== undefined,
    ...(reason !== undefined ? { reason } : {}),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    // Scoped like the stored keys: another principal's same key is another request.
    ...(idempotencyKey !== undefined ? { idempotencyKey: `${principal.principalId}:${idempotencyKey}` } : {}),
  };
}

function pickEnvelope(body: object): Record<string, unknown> {
  const { occurredAt, reason } = body as Record<string, unknown>;
  return { occurredAt, reason };
}

/** `@CommandCtx() ctx: CommandContext` in a command handler method of a controller. */
export const CommandCtx = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandContext =>
  commandContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
