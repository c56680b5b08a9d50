import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';

/** Global: every error, from a guard, pipe, handler, Fastify's body parser or the 404 handler, answers here. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const mapped = mapError(exception);
    if (mapped.internal) request.log.error({ err: exception }, 'request failed');
    if (reply.sent) return;
    if (mapped.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    reply.status(mapped.status).send(mapped.body);
  }
}
