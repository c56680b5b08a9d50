export interface PassTiming {
  count: number;
  seconds: number;
}

export interface MedianPass {
  count: number;
  seconds: number;
  perSecond: number;
  note: string;
}

/**
 * A full read of $all takes a fraction of a second, so one pass is at the mercy of a GC pause or a
 * neighbour's burst; the median of several is the figure, the spread goes into the notes.
 */
export function medianPass(passes: readonly PassTiming[]): MedianPass {
  if (passes.length === 0) throw new Error('no read passes');
  const rated = passes.map((p) => ({ ...p, perSecond: p.count / p.seconds })).sort((a, b) => a.perSecond - b.perSecond);
  const median = rated[Math.floor(rated.length / 2)]!;
  const note =
    rated.length === 1
      ? '1 pass'
      : `median of ${rated.length} passes (${Math.round(rated[0]!.perSecond)}..${Math.round(rated[rated.length - 1]!.perSecond)}/s)`;
  return { count: median.count, seconds: median.seconds, perSecond: median.perSecond, note };
}
