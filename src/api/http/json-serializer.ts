/** Revisions and positions are bigints inside; JSON has no bigint, so they leave as decimal strings. */
export function serializeJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}
