import type { ScenarioResult } from '../bench-suite';
import { now } from '../support/clock';
import { LatencyRecorder } from '../support/latency';
import type { Progress } from '../support/progress';
import { describeError } from '../support/run-writers';

/** A single writer that appends its next event durably and returns once it is on disk. */
export interface SequentialSubject {
  id: string;
  subject: string;
  label: string;
  unit: 'events' | 'rows';
  appendNext(): void | Promise<void>;
  /** Checks what was stored after the run; returns notes for the table (empty when all is well). */
  finish(appended: number): Promise<string[]>;
}

interface Tally {
  subject: SequentialSubject;
  latency: LatencyRecorder;
  count: number;
  ns: bigint;
  failures: number;
  firstError?: string;
}

/**
 * Runs the fsync-bound single-writer scenarios of two subjects in alternating rounds instead of one after
 * the other. A virtual disk's fsync time drifts by 2x within seconds, and a ratio of two back-to-back runs
 * measured mostly that drift; alternating rounds gives both sides the same disk weather.
 */
export async function interleavedSequential(
  subjects: readonly SequentialSubject[],
  total: number,
  rounds: number,
  maxSeconds: number,
  progress: Progress,
): Promise<ScenarioResult[]> {
  const tallies: Tally[] = subjects.map((subject) => ({ subject, latency: new LatencyRecorder(total), count: 0, ns: 0n, failures: 0 }));
  const perRound = Math.ceil(total / rounds);
  const budgetNs = BigInt(Math.round(maxSeconds * 1e9));
  const started = now();
  let timeBoxed = false;
  for (let round = 0; round < rounds && !timeBoxed; round++) {
    for (const tally of tallies) {
      const target = Math.min(total, (round + 1) * perRound);
      while (tally.count + tally.failures < target) {
        if (tally.ns > budgetNs) {
          timeBoxed = true;
          break;
        }
        const t0 = now();
        try {
          const pending = tally.subject.appendNext();
          if (pending) await pending;
          const t1 = now();
          tally.latency.record(t0, t1);
          tally.ns += t1 - t0;
          tally.count += 1;
        } catch (error) {
          tally.ns += now() - t0;
          tally.failures += 1;
          tally.firstError ??= describeError(error);
        }
      }
      progress.tick(`1 writer, round ${round + 1}/${rounds}`, tally.count, total, started);
    }
  }
  const results: ScenarioResult[] = [];
  for (const tally of tallies) {
    const notes = [`${rounds} rounds alternating with the other subject`, ...(timeBoxed ? ['time-boxed'] : [])];
    notes.push(...(await tally.subject.finish(tally.count)));
    const seconds = Number(tally.ns) / 1e9;
    const latency = tally.latency.summary();
    results.push({
      id: tally.subject.id,
      subject: tally.subject.subject,
      label: tally.subject.label,
      count: tally.count,
      seconds,
      perSecond: tally.count / seconds,
      unit: tally.subject.unit,
      ...(latency ? { latencyMs: latency } : {}),
      failures: tally.failures,
      ...(tally.firstError !== undefined ? { firstError: tally.firstError } : {}),
      notes,
    });
  }
  return results;
}
