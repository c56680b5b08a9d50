import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from './auth-problems';
import type { Principal as PrincipalValue } from './principal';

/** `@Principal() who: Principal` — the authenticated caller of a @Roles route. */
export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): PrincipalValue => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw unauthenticated();
  return principal;
});
