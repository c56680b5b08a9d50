import type { Principal } from '../auth/principal';

/** What the shell attaches to each request: set by the correlation hook and the auth guard. */
declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
    principal: Principal | null;
  }
}
