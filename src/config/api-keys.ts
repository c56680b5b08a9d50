import { isRole, ROLES, type Role } from './roles';

/** One configured API key: whoever presents `key` acts as `principalId` with `role`. */
export interface ApiKeyEntry {
  role: Role;
  principalId: string;
  key: string;
}

const PRINCIPAL_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
const KEY_PATTERN = /^[\x21-\x7e]{1,512}$/;

/**
 * Parses `role:principal:key` entries separated by commas or newlines (the env var uses commas, the key file
 * newlines); blank lines and `#` comments are ignored. Returns the problems instead of throwing so the caller
 * can name the variable or file at fault.
 */
export function parseApiKeys(text: string): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const seenKeys = new Set<string>();
  const items = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  items.forEach((item, index) => {
    const first = item.indexOf(':');
    const second = first < 0 ? -1 : item.indexOf(':', first + 1);
    // Never echo the item itself: it holds a secret.
    const where = `entry ${index + 1}`;
    if (second < 0) {
      problems.push(`${where} is not role:principal:key`);
      return;
    }
    const role = item.slice(0, first);
    const principalId = item.slice(first + 1, second);
    const key = item.slice(second + 1);
    if (!isRole(role)) {
      problems.push(`${where} has unknown role '${role}' (expected one of ${ROLES.join(', ')})`);
      return;
    }
    if (!PRINCIPAL_PATTERN.test(principalId)) {
      problems.push(`${where} has an invalid principal (1-64 of letters, digits, _ . @ -)`);
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      problems.push(`${where} has an invalid key (1-512 printable characters, no spaces or commas)`);
      return;
    }
    if (seenKeys.has(key)) {
      problems.push(`${where} repeats a key already given to another entry`);
      return;
    }
    seenKeys.add(key);
    entries.push({ role, principalId, key });
  });
  if (items.length === 0) problems.push('no keys given');
  return { entries, problems };
}

export function formatApiKeys(entries: readonly ApiKeyEntry[]): string {
  return entries.map((e) => `${e.role}:${e.principalId}:${e.key}`).join('\n');
}
