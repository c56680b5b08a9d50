import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../src/projection-engine/document-cache';

describe('DocumentCache', () => {
  it('keeps documents by collection and key, and forgets deleted ones', () => {
    const cache = new DocumentCache(10);
    cache.set('summary', 'p1', { total: 1 });
    cache.set('line', 'p1', { amount: 2 });
    expect(cache.get('summary', 'p1')).toEqual({ total: 1 });
    expect(cache.get('summary', 'p2')).toBeUndefined();
    expect(cache.holds('line')).toBe(true);
    cache.delete('line', 'p1');
    expect(cache.holds('line')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('stays within its capacity, evicting the least recently written documents of the largest collection', () => {
    const cache = new DocumentCache(10);
    cache.set('hot', 'total', { n: 0 });
    for (let i = 0; i < 100; i++) {
      cache.set('line', `l${i}`, { i });
      // Written every round, like a period total: never the oldest, never evicted.
      cache.set('hot', 'total', { n: i });
      expect(cache.size).toBeLessThanOrEqual(10);
    }
    expect(cache.get('hot', 'total')).toEqual({ n: 99 });
    expect(cache.get('line', 'l99')).toEqual({ i: 99 });
    expect(cache.get('line', 'l0')).toBeUndefined();
  });
});
