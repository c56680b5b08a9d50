/** A run of a stream's revisions read in one go. */
export interface RevisionRange {
  fromRevision: number;
  count: number;
}

/**
 * Wanted revisions at most this far apart share one read: an unwanted event in a range costs less than another read
 * (a read seeks its first row, and each call has its own fixed cost).
 */
export const MAX_RANGE_GAP = 8;

/**
 * The wanted revisions (any order, repeats allowed) as few ranges, in revision order: a revision at most
 * `maxGap` after the end of a range joins it (1: consecutive revisions only).
 */
export function revisionRanges(revisions: readonly number[], maxGap = MAX_RANGE_GAP): RevisionRange[] {
  const sorted = [...new Set(revisions)].sort((a, b) => a - b);
  const ranges: RevisionRange[] = [];
  for (const revision of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && revision - (last.fromRevision + last.count - 1) <= maxGap) last.count = revision - last.fromRevision + 1;
    else ranges.push({ fromRevision: revision, count: 1 });
  }
  return ranges;
}
