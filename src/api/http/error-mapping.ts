import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { DomainErrorException, type DomainErrorKind } from '../../domain/shared/domain-error';
import { AmountOutOfRangeError } from '../../domain/shared/money';
import { ConcurrencyError, DuplicateEventIdError } from '../../event-store/event-store.errors';
import { HttpProblem } from './http-problem';
import { issueDetails } from './zod-issues';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** True for 5xx: the cause is ours, so it is logged and its message withheld from the client. */
  internal: boolean;
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  rule: 422,
};

/** Codes for errors raised by Fastify or Nest themselves (body parsing, unknown route, …). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The one place where an error becomes an HTTP answer: `{ error: { code, message, details? } }`. */
export function mapError(error: unknown): MappedError {
  if (error instanceof HttpProblem) return answer(error.status, error.code, error.message, error.details);
  if (error instanceof DomainErrorException) {
    const { kind, code, message, details } = error.error;
    return answer(STATUS_BY_KIND[kind], code, message, details);
  }
  if (error instanceof ConcurrencyError) {
    return answer(409, 'CONCURRENCY_CONFLICT', error.message, {
      streamId: error.streamId,
      expected: String(error.expected),
      actual: error.actual === null ? 'no_stream' : error.actual.toString(),
    });
  }
  if (error instanceof DuplicateEventIdError) return answer(409, error.code, error.message, undefined);
  // A total that no safe integer holds, met while deciding a command: the command is refused, nothing stored.
  if (error instanceof AmountOutOfRangeError) return answer(422, error.code, error.message, { minorUnits: error.minorUnits.toString() });
  if (error instanceof ZodError) return answer(400, 'VALIDATION_FAILED', 'the request is invalid', issueDetails(error.issues));
  const status = frameworkStatus(error);
  if (status !== undefined && status < 500) {
    const message = error instanceof Error ? error.message : 'request refused';
    const code = CODE_BY_STATUS[status] ?? `HTTP_${status}`;
    // Unparseable JSON, an empty JSON body and the like are malformed input: the same 400 as a schema failure.
    return answer(status, code, message, status === 400 ? [{ path: '', message }] : undefined);
  }
  if (status === 503) return answer(503, 'SERVICE_UNAVAILABLE', 'the service is unavailable', undefined);
  if (isStoreClosed(error)) return answer(503, 'SERVICE_UNAVAILABLE', 'the service is shutting down', undefined);
  return { ...answer(500, 'INTERNAL', 'internal error', undefined), internal: true };
}

function answer(status: number, code: string, message: string, details: unknown): MappedError {
  return {
    status,
    body: { error: details === undefined ? { code, message } : { code, message, details } },
    internal: status >= 500,
  };
}

function frameworkStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  // Errors Fastify raises outside Nest's routing (content-type parsers, hooks) carry statusCode.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599 ? statusCode : undefined;
}

function isStoreClosed(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EVENT_STORE_CLOSED';
}
