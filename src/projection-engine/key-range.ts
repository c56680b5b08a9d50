/**
 * The smallest string greater than every string that starts with `prefix`, so a prefix scan is an index range
 * `[prefix, successor)`. SQLite compares TEXT as UTF-8 bytes, which orders like code points, so bumping the
 * last code point is enough. Undefined when no such string exists (empty prefix, or only U+10FFFF).
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those code points cannot be stored as UTF-8.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return codePoints.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
