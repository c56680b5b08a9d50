import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { applyBps, divideHalfEven, proRata } from '../../../src/domain/shared/money';

describe('money: half-to-even rounding to a whole minor unit', () => {
  it('rounds exact halves to the even neighbour', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5 → 2
    expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
  });

  it('rounds other fractions to the nearest unit', () => {
    expect(divideHalfEven(26n, 10n)).toBe(3n);
    expect(divideHalfEven(24n, 10n)).toBe(2n);
    expect(divideHalfEven(-26n, 10n)).toBe(-3n);
  });

  it('computes a 40% commission of 123.45 EUR as 49.38 EUR', () => {
    expect(applyBps(12345, 4000)).toBe(4938);
  });

  it('computes 12.5 bps-exact halves the banker’s way: 1% of 50 minor units is 0.5 → 0, of 150 is 1.5 → 2', () => {
    expect(applyBps(50, 100)).toBe(0);
    expect(applyBps(150, 100)).toBe(2);
  });

  it('refuses a zero denominator', () => {
    expect(() => divideHalfEven(1n, 0n)).toThrow(RangeError);
  });

  prop.prop([fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n })])(
    'is never more than half a unit away from the exact quotient, and ties go to even',
    (n, d) => {
      const q = divideHalfEven(n, d);
      const twiceError = 2n * (n - q * d); // (exact − q) · 2d
      const abs = twiceError < 0n ? -twiceError : twiceError;
      expect(abs <= d).toBe(true);
      if (abs === d) expect(q % 2n).toBe(0n);
    },
  );

  prop.prop([fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 })])(
    'pro rata of the whole is the whole, of nothing is nothing',
    (commission, whole) => {
      expect(proRata(commission, whole, whole)).toBe(commission);
      expect(proRata(commission, 0, whole)).toBe(0);
    },
  );
});
