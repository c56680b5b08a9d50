import { createHash } from 'node:crypto';
import { canonicalJson } from '../../event-store/canonical-json';
import { validationFailed } from '../http/http-problem';

/**
 * Two requests are "the same" when method, path, caller and body are equal as canonical JSON.
 *
 * The fingerprint is taken before the body is validated, so it must not fail on what the JSON parser accepts
 * and no schema does: a number too large for a double (1e400 parses as Infinity), or nesting past the stack.
 * Such a body falls back to plain JSON text (still the same for the same request), so that validation answers
 * it with its field path; only nesting too deep even for that is answered here, as the 400 it is.
 */
export function requestFingerprint(request: { method: string; url: string; principalId: string; body: unknown }): string {
  const envelope = { method: request.method, url: request.url, principal: request.principalId, body: request.body ?? null };
  return createHash('sha256').update(fingerprintText(envelope)).digest('hex');
}

function fingerprintText(envelope: object): string {
  try {
    return canonicalJson(envelope);
  } catch {
    try {
      return `plain:${JSON.stringify(envelope)}`;
    } catch {
      throw validationFailed('the request body nests deeper than any command accepts', [
        { path: '', message: 'the JSON body is nested too deeply' },
      ]);
    }
  }
}
