import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { CommandResponseSchema } from '../http/command-response';
import { ErrorResponseSchema } from '../http/error-response.schema';
import { toOpenApiSchema } from './openapi-schema';

/** Documents one answer of a route from the zod schema that describes it. */
export const ApiZodResponse = (status: number, schema: z.ZodType, description = '') =>
  ApiResponse({ status, description, schema: toOpenApiSchema(schema, 'output') });

const ERROR_ANSWERS: Array<[number, string]> = [
  [400, 'VALIDATION_FAILED: the body, query or a header is malformed'],
  [401, 'UNAUTHENTICATED: missing or unknown API key'],
  [403, 'FORBIDDEN: this role may not do this'],
  [409, 'a conflict: CONCURRENCY_CONFLICT (If-Match), IDEMPOTENCY_KEY_REUSED, …'],
  [422, 'a business rule refused the command'],
];

/**
 * What every command shares: the Idempotency-Key, If-Match and X-Correlation-Id headers, 201 appended,
 * 200 idempotent repeat, and the error answers.
 */
export const ApiCommandResponses = () =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key and body replay the first answer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'append only if the stream is at this revision' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'joins the events of one business transaction' }),
    ApiZodResponse(201, CommandResponseSchema, 'appended'),
    ApiZodResponse(200, CommandResponseSchema, 'an idempotent repeat: nothing appended'),
    ...ERROR_ANSWERS.map(([status, description]) => ApiZodResponse(status, ErrorResponseSchema, description)),
  );
