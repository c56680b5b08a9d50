/**
 * Splits `total` minor units between shares in basis points of the whole, so that the parts sum to exactly
 * `total` — never a unit created or lost (largest remainder; on equal remainders the earlier share wins, which
 * keeps the split deterministic). Each part is within one unit of its exact share. Used when one revenue is
 * shared between several agreements (e.g. an agency and a creator at 60/40), where rounding each share on its
 * own could give 50/50 of an odd amount one unit too many or too few.
 */
export function allocateByBps(total: number, sharesBps: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('total must be a safe integer of minor units');
  if (sharesBps.length === 0) throw new RangeError('at least one share is needed');
  if (sharesBps.some((s) => !Number.isInteger(s) || s < 0)) throw new RangeError('shares are non-negative integers');
  const whole = sharesBps.reduce((a, b) => a + b, 0);
  if (whole <= 0) throw new RangeError('shares must not all be zero');
  const sign = total < 0 ? -1n : 1n;
  const magnitude = BigInt(Math.abs(total));
  const denominator = BigInt(whole);
  const floors = sharesBps.map((s) => (magnitude * BigInt(s)) / denominator);
  const remainders = sharesBps.map((s, i) => ({ i, r: (magnitude * BigInt(s)) % denominator }));
  let left = magnitude - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return floors.map((part) => Number(part * sign));
}
