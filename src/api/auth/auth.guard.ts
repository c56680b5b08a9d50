import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../config/roles';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { forbidden, unauthenticated } from './auth-problems';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Global guard: authenticate (401), then authorise by @Roles (403); deny by default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return false;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = this.authenticator.authenticate(request.headers.authorization);
    if (!principal) throw unauthenticated();
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) throw forbidden('this route allows no role');
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
      throw forbidden(`role ${principal.role} may not do this (allowed: ${allowed.join(', ')})`);
    }
    return true;
  }
}
