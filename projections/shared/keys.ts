/**
 * Document keys are strings compared in code-point order, so numbers in them are zero-padded to sort
 * numerically. `|` separates the parts: ids are `[A-Za-z0-9_.:-]` and never contain it.
 */
/**
 * Enough digits for any unsigned 64-bit position: EventStoreDB's encoded positions reach 10^16 once its log
 * passes ~4.4 GiB and 2^63 only past 4 TiB, so a narrower pad would sort "10…0" before "9…9".
 */
export const POSITION_DIGITS = 20;
const POSITION_LIMIT = 10n ** BigInt(POSITION_DIGITS);

/** A $all position as a fixed-width key part: code-point order of the result is $all order. */
export function padPosition(position: bigint): string {
  if (position < 0n || position >= POSITION_LIMIT) throw new RangeError(`position ${position} does not fit ${POSITION_DIGITS} digits`);
  return position.toString().padStart(POSITION_DIGITS, '0');
}

export function padRevision(revision: number): string {
  return revision.toString().padStart(12, '0');
}

export function key(...parts: ReadonlyArray<string | number>): string {
  // Concatenation rather than join(): keys are built for every document every event.
  let joined = String(parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) joined += `|${parts[i]}`;
  return joined;
}
