import { describe, expect, it } from 'vitest';
import { KeyFilter } from '../../src/projection-engine/key-filter';

describe('KeyFilter', () => {
  it('never forgets a key it was given, however many it grows to hold', () => {
    const filter = new KeyFilter();
    const keys = 2_500_000;
    for (let i = 0; i < keys; i++) filter.add('line', `p${i % 997}|2026-03|EUR|accrual:${i}`);
    for (let i = 0; i < keys; i += 97) expect(filter.mayContain('line', `p${i % 997}|2026-03|EUR|accrual:${i}`)).toBe(true);
  });

  it('rules out almost every key it was not given, and tells collections apart', () => {
    const filter = new KeyFilter();
    for (let i = 0; i < 200_000; i++) filter.add('line', `key-${i}`);
    let maybe = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mayContain('line', `other-${i}`)) maybe++;
    expect(maybe).toBeLessThan(3_000);
    let otherCollection = 0;
    for (let i = 0; i < 10_000; i++) if (filter.mayContain('summary', `key-${i}`)) otherCollection++;
    expect(otherCollection).toBeLessThan(300);
  });
});
