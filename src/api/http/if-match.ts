import { validationFailed } from './http-problem';

/**
 * `If-Match: <revision>` (bare or quoted like an ETag) → the stream revision the append must find.
 * Absent → undefined; anything else → 400, never a silent unconditional append.
 */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const text = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = /^"?(\d{1,19})"?$/.exec(text);
  const digits = match?.[1];
  if (digits === undefined || BigInt(digits) > 9_223_372_036_854_775_807n) {
    throw validationFailed('invalid If-Match header', [
      { path: 'If-Match', message: 'the stream revision the command expects, a non-negative integer' },
    ]);
  }
  return BigInt(digits);
}
