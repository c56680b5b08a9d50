import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, from, lastValueFrom, type Observable, of } from 'rxjs';
import { DomainErrorException } from '../../domain/shared/domain-error';
import { mapError } from '../http/error-mapping';
import { HttpProblem, validationFailed } from '../http/http-problem';
import { serializeJson } from '../http/json-serializer';
import { statusOf, withStatus } from '../http/response-status';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';
import { requestFingerprint } from './request-fingerprint';

/**
 * `Idempotency-Key` on any POST: the first answer is stored; the same key with the same request replays it
 * (a success with 200) and runs nothing; with another request → 409 IDEMPOTENCY_KEY_REUSED; while the first is
 * still running → 409 IDEMPOTENCY_KEY_IN_FLIGHT.
 *
 * "The first answer" is a success, or a refusal the handler decided on the ledger's state (404, 422): a retry
 * gets that same refusal, even if the state has changed since. A malformed request (400), a conflict (409: a
 * concurrent writer, a repeat) and a failure of ours (5xx) store nothing, so the caller may fix and retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (request.method !== 'POST' || header === undefined || !request.principal) return next.handle();
    const key = idempotencyKeyOf(header);
    if (key === undefined) {
      throw validationFailed('invalid Idempotency-Key header', [
        { path: 'Idempotency-Key', message: '1-255 printable characters without spaces' },
      ]);
    }
    const { principalId } = request.principal;
    const hash = requestFingerprint({ method: request.method, url: request.url, principalId, body: request.body });
    const reservation = this.store.reserve(principalId, key, hash);
    switch (reservation.kind) {
      case 'reused':
        throw new HttpProblem(409, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
      case 'in_flight':
        throw new HttpProblem(409, 'IDEMPOTENCY_KEY_IN_FLIGHT', 'a request with this Idempotency-Key is still running');
      case 'replay': {
        context.switchToHttp().getResponse<FastifyReply>().header('idempotent-replayed', 'true');
        const body: unknown = JSON.parse(reservation.body);
        if (reservation.status >= 400) throw storedRefusal(reservation.status, body);
        return of(body !== null && typeof body === 'object' ? withStatus(body, 200) : body);
      }
      case 'reserved':
        return defer(() => from(this.run(context, next, principalId, key, hash)));
    }
  }

  private async run(context: ExecutionContext, next: CallHandler, principalId: string, key: string, hash: string) {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (isDecidedRefusal(error)) {
        const { status, body: refusal } = mapError(error);
        this.store.complete(principalId, key, hash, status, serializeJson(refusal));
      } else {
        this.store.release(principalId, key, hash);
      }
      throw error;
    }
    const status = statusOf(body) ?? this.routeStatus(context);
    if (status >= 200 && status < 300) this.store.complete(principalId, key, hash, status, serializeJson(body ?? null));
    else this.store.release(principalId, key, hash);
    return body;
  }

  /** The status Nest will give the answer: @HttpCode, else 201 for POST. */
  private routeStatus(context: ExecutionContext): number {
    return this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
  }
}

function isDecidedRefusal(error: unknown): boolean {
  return error instanceof DomainErrorException && (error.error.kind === 'not_found' || error.error.kind === 'rule');
}

/** A stored refusal, answered again exactly: the error filter turns it back into the same status and body. */
function storedRefusal(status: number, body: unknown): HttpProblem {
  const { code, message, details } = (body as { error: { code: string; message: string; details?: unknown } }).error;
  return new HttpProblem(status, code, message, details);
}
