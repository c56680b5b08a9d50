import { createHash } from 'node:crypto';
import { canonicalJson } from '../../event-store/canonical-json';

/** Two requests are "the same" when method, path, caller and body are equal as canonical JSON. */
export function requestFingerprint(request: { method: string; url: string; principalId: string; body: unknown }): string {
  return createHash('sha256')
    .update(canonicalJson({ method: request.method, url: request.url, principal: request.principalId, body: request.body ?? null }))
    .digest('hex');
}
