import { createHash } from 'node:crypto';
import type { ApiKeyEntry } from '../../config/api-keys';
import type { Principal } from './principal';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Resolves `Authorization: Bearer <key>` to the principal configured for that key. */
export class ApiKeyAuthenticator {
  // Looked up by digest so the secret's bytes never drive a short-circuiting string comparison.
  private readonly byDigest = new Map<string, Principal>();

  constructor(entries: readonly ApiKeyEntry[]) {
    for (const { key, principalId, role } of entries) this.byDigest.set(digest(key), { principalId, role });
  }

  /** The principal, or null for a missing, malformed or unknown key. */
  authenticate(authorization: string | undefined): Principal | null {
    const key = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (key === undefined) return null;
    return this.byDigest.get(digest(key)) ?? null;
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
