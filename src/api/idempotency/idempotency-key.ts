/** The `Idempotency-Key` request header: its name and what a valid key looks like. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's key when it is present and valid; the interceptor answers 400 for a malformed one. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  return IDEMPOTENCY_KEY_PATTERN.test(key) ? key : undefined;
}
