import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { toOpenApiSchema } from '../docs/openapi-schema';
import { validationFailed } from '../http/http-problem';

/**
 * `@PathParam('period', PeriodSchema) period: string`: a path parameter checked by its schema (400
 * VALIDATION_FAILED otherwise) and documented as the route's path parameter from the same schema.
 */
export function PathParam(name: string, schema: z.ZodType<string>): ParameterDecorator {
  const param = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
    const value = (ctx.switchToHttp().getRequest<FastifyRequest>().params as Record<string, unknown>)[name];
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw validationFailed(`invalid path parameter ${name}`, [{ path: name, message: parsed.error.issues[0]?.message ?? 'invalid' }]);
    }
    return parsed.data;
  })();
  const docs = ApiParam({ name, required: true, schema: toOpenApiSchema(schema, 'input') });
  return (target, key, index) => {
    param(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) docs(target, key, descriptor);
  };
}
