import { describe, expect, it } from 'vitest';
import { clawbackFor } from '../../../src/domain/commission/clawback';

describe('clawback of a refund', () => {
  it('claws back commission × refunded / converted, half to even', () => {
    // A quarter of 200,000 refunded on a 100,000 commission.
    expect(clawbackFor({ commission: 100_000, refundedToDate: 50_000, converted: 200_000, clawedSoFar: 0 })).toBe(25_000);
    // 1 of 3 on a commission of 5: 1.666… → 2.
    expect(clawbackFor({ commission: 5, refundedToDate: 1, converted: 3, clawedSoFar: 0 })).toBe(2);
    // 1 of 4 on a commission of 2: exactly 0.5 → 0 (even).
    expect(clawbackFor({ commission: 2, refundedToDate: 1, converted: 4, clawedSoFar: 0 })).toBe(0);
  });

  it('computes on the refunded-to-date so partial refunds never sum above the commission', () => {
    // Three refunds of a third each on a commission of 100: 33.3 → 33, 66.7 → 67 (−33 = 34), then the rest 33.
    const first = clawbackFor({ commission: 100, refundedToDate: 1, converted: 3, clawedSoFar: 0 });
    const second = clawbackFor({ commission: 100, refundedToDate: 2, converted: 3, clawedSoFar: first });
    const third = clawbackFor({ commission: 100, refundedToDate: 3, converted: 3, clawedSoFar: first + second });
    expect([first, second, third]).toEqual([33, 34, 33]);
    expect(first + second + third).toBe(100);
  });

  it('claws exactly what remains on the refund that completes the conversion', () => {
    expect(clawbackFor({ commission: 60_001, refundedToDate: 120_001, converted: 120_001, clawedSoFar: 17 })).toBe(59_984);
  });

  it('never claws back a negative amount when an earlier refund was processed after a later one', () => {
    // The later refund (2/3) was clawed first: the earlier one (1/3) now owes nothing more.
    expect(clawbackFor({ commission: 100, refundedToDate: 1, converted: 3, clawedSoFar: 67 })).toBe(0);
  });
});
