import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RANGE_GAP, revisionRanges } from '../../src/api/audit/revision-ranges';

describe('revisionRanges (a payout’s lines read from the account as ranges)', () => {
  it('joins revisions closer than the gap and starts a new range beyond it', () => {
    expect(revisionRanges([7, 3, 4, 3, 20, 20 + MAX_RANGE_GAP + 1], MAX_RANGE_GAP)).toEqual([
      { fromRevision: 3, count: 5 },
      { fromRevision: 20, count: 1 },
      { fromRevision: 20 + MAX_RANGE_GAP + 1, count: 1 },
    ]);
    expect(revisionRanges([])).toEqual([]);
  });

  it('covers every wanted revision, in ranges that are ordered, disjoint and start and end on a wanted one', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 500 }), { maxLength: 60 }), fc.nat({ max: 20 }), (revisions, gap) => {
        const ranges = revisionRanges(revisions, gap);
        const wanted = new Set(revisions);
        const covered = (revision: number) => ranges.some((r) => revision >= r.fromRevision && revision < r.fromRevision + r.count);
        for (const revision of wanted) expect(covered(revision)).toBe(true);
        for (let i = 0; i < ranges.length; i++) {
          const range = ranges[i]!;
          expect(wanted.has(range.fromRevision) && wanted.has(range.fromRevision + range.count - 1)).toBe(true);
          const next = ranges[i + 1];
          if (next) expect(next.fromRevision - (range.fromRevision + range.count - 1)).toBeGreaterThan(gap);
        }
      }),
    );
  });
});
