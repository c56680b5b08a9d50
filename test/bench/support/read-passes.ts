import type { ScenarioResult } from '../bench-suite';
import { now, secondsSince } from './clock';
import type { Progress } from './progress';

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

/** A subject whose $all is read in full, pass after pass, alternating with another subject's passes. */
export interface ReadSubject {
  id: string;
  subject: string;
  label: string;
  unit: 'events' | 'rows';
  /** Reads everything from position 0 once; returns how many it read (throws when that is not all). */
  pass(): number | Promise<number>;
  close(): void | Promise<void>;
}

/**
 * Read passes of several subjects, taking turns (and swapping who goes first each pass), so that a slow
 * spell of the machine falls on both sides of a ratio instead of on whichever subject ran during it.
 * Each subject's figure is the median of its passes.
 */
export async function interleavedReadPasses(subjects: readonly ReadSubject[], passes: number, progress: Progress): Promise<ScenarioResult[]> {
  const timings = subjects.map((): PassTiming[] => []);
  try {
    for (let pass = 0; pass < passes; pass++) {
      const order = subjects.map((_, i) => i);
      if (pass % 2 === 1) order.reverse();
      for (const i of order) {
        const started = now();
        const count = await subjects[i]!.pass();
        timings[i]!.push({ count, seconds: secondsSince(started) });
      }
      progress.step(`$all read: pass ${pass + 1}/${passes} of each subject done`);
    }
  } finally {
    for (const subject of subjects) await subject.close();
  }
  return subjects.map((subject, i) => {
    const median = medianPass(timings[i]!);
    const notes = [median.note, ...(subjects.length > 1 ? ['passes alternating with the other subject'] : [])];
    return { id: subject.id, subject: subject.subject, label: subject.label, count: median.count, seconds: median.seconds, perSecond: median.perSecond, unit: subject.unit, notes };
  });
}
