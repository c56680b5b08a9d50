import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { allocateByBps } from '../../../src/domain/commission/allocate';
import { clawbackFor } from '../../../src/domain/commission/clawback';
import { applyBps, divideHalfEven } from '../../../src/domain/shared/money';

/** Banker's rounding of an exact half k + 0.5, independently of the implementation: the even neighbour. */
const evenNeighbourOfHalf = (k: number) => (k % 2 === 0 ? k : k + 1);

describe('money properties', () => {
  prop.prop([fc.integer({ min: 0, max: 2 ** 40 })])('half-to-even agrees with the reference on every exact .5', (k) => {
    // (2k + 1) / 2 is exactly k + 0.5.
    expect(Number(divideHalfEven(BigInt(2 * k + 1), 2n))).toBe(evenNeighbourOfHalf(k));
    // 50% of an odd amount, and 1% of 50 × an odd amount, are exact halves too.
    expect(applyBps(2 * k + 1, 5000)).toBe(evenNeighbourOfHalf(k));
    if (k < 2 ** 30) expect(applyBps(50 * (2 * k + 1), 100)).toBe(evenNeighbourOfHalf(k));
  });

  prop.prop([
    fc.integer({ min: -(2 ** 45), max: 2 ** 45 }),
    fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }).filter((s) => s.some((x) => x > 0)),
  ])('a split never creates or loses a minor unit, and each share is within one unit of exact', (total, shares) => {
    const parts = allocateByBps(total, shares);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    const whole = shares.reduce((a, b) => a + b, 0);
    parts.forEach((part, i) => {
      const exact = (total * shares[i]!) / whole;
      expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-6 * Math.abs(exact));
    });
  });

  prop.prop([fc.integer({ min: 1, max: 2 ** 40 })])('60/40 and 50/50 splits of one revenue sum to it exactly', (revenue) => {
    expect(allocateByBps(revenue, [6000, 4000]).reduce((a, b) => a + b, 0)).toBe(revenue);
    const [a, b] = allocateByBps(revenue, [5000, 5000]);
    expect(a! + b!).toBe(revenue);
    expect(Math.abs(a! - b!)).toBeLessThanOrEqual(1);
  });

  prop.prop([
    fc.integer({ min: 0, max: 10_000_000 }),
    fc.integer({ min: 1, max: 10_000_000 }),
    fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
    fc.boolean(),
  ])('clawbacks of any refund sequence never exceed the commission, and equal it once fully refunded', (commission, converted, raw, refundAll) => {
    // Turn the raw amounts into a refund sequence that never exceeds the revenue (optionally completing it).
    const refunds: number[] = [];
    let left = converted;
    for (const r of raw) {
      if (left === 0) break;
      const take = Math.min(r, left);
      refunds.push(take);
      left -= take;
    }
    if (refundAll && left > 0) refunds.push(left);
    let refunded = 0;
    let clawed = 0;
    for (const r of refunds) {
      refunded += r;
      const step = clawbackFor({ commission, refundedToDate: refunded, converted, clawedSoFar: clawed });
      expect(step).toBeGreaterThanOrEqual(0);
      clawed += step;
      // No drift: what has been clawed is always the rounded share of what has been refunded.
      expect(clawed).toBe(refunded === converted ? commission : Number(divideHalfEven(BigInt(commission) * BigInt(refunded), BigInt(converted))));
      expect(clawed).toBeLessThanOrEqual(commission);
    }
    if (refunded === converted) expect(clawed).toBe(commission);
  });
});
