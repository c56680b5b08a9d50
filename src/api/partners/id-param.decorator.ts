import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { toOpenApiSchema } from '../docs/openapi-schema';
import { validationFailed } from '../http/http-problem';
import { IdSchema } from '../../domain/shared/identifiers';

/**
 * `@IdParam('id') id: string`: a path id checked like every id (1–64 of [A-Za-z0-9_.:-]), 400 otherwise, and
 * documented as the route's path parameter.
 */
export function IdParam(name: string): ParameterDecorator {
  const param = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
    const value = (ctx.switchToHttp().getRequest<FastifyRequest>().params as Record<string, unknown>)[name];
    const parsed = IdSchema.safeParse(value);
    if (!parsed.success) {
      throw validationFailed(`invalid path parameter ${name}`, [{ path: name, message: parsed.error.issues[0]?.message ?? 'invalid id' }]);
    }
    return parsed.data;
  })();
  const docs = ApiParam({ name, required: true, schema: toOpenApiSchema(IdSchema, 'input') });
  return (target, key, index) => {
    param(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) docs(target, key, descriptor);
  };
}
