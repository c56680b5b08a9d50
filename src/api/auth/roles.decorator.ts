import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ROLES, type Role } from '../../config/roles';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/**
 * The roles that may call a route (on a handler or a controller; the handler's wins). `admin` may call
 * everything without being listed. A route with neither @Roles nor @Public is denied to everyone.
 */
export const Roles = (...roles: [Role, ...Role[]]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-roles', roles));

/** Any authenticated caller ("any" in API.md). */
export const AnyRole = () => Roles(...ROLES);

/** No key needed: /health, /metrics, /docs. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
