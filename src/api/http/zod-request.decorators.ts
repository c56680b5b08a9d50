import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { toOpenApiSchema } from '../docs/openapi-schema';
import { validationFailed } from './http-problem';
import { issueDetails } from './zod-issues';

type Source = 'body' | 'query';

function parseWith<T extends z.ZodType>(schema: T, source: Source, value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? (source === 'query' ? {} : undefined));
  if (!result.success) {
    throw validationFailed(
      source === 'body' ? 'the request body is invalid' : 'the query string is invalid',
      issueDetails(result.error.issues),
    );
  }
  return result.data;
}

function zodParam(schema: z.ZodType, source: Source) {
  return createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
    parseWith(schema, source, ctx.switchToHttp().getRequest<FastifyRequest>()[source]),
  )();
}

/** Applies a method decorator from inside a parameter decorator (both describe the same handler). */
function onMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) decorator(target, key, descriptor);
}

/**
 * `@ZodBody(Schema) body: z.infer<typeof Schema>`: the body parsed by the schema (400 VALIDATION_FAILED with
 * the issues otherwise), and the same schema as the route's OpenAPI request body. Use z.strictObject so
 * unknown fields are refused.
 */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  const param = zodParam(schema, 'body');
  const docs = ApiBody({ schema: toOpenApiSchema(schema, 'input') });
  return (target, key, index) => {
    param(target, key, index);
    onMethod(target, key, docs);
  };
}

/** `@ZodQuery(Schema) query: z.infer<typeof Schema>`: the query string parsed by an object schema. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  const param = zodParam(schema, 'query');
  const json = toOpenApiSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  const docs = Object.entries(json.properties ?? {}).map(([name, property]) =>
    ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
  );
  return (target, key, index) => {
    param(target, key, index);
    for (const decorator of docs) onMethod(target, key, decorator);
  };
}
