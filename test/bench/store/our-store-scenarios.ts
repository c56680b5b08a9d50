import type { EventStore, NewEvent } from '../../../src/event-store/event-store.port';
import type { ScenarioResult } from '../bench-suite';
import { now } from '../support/clock';
import type { Progress } from '../support/progress';
import type { ReadSubject } from '../support/read-passes';
import { runWriters } from '../support/run-writers';
import { referralConverted, writerStream } from './ledger-event';
import { appendScenarioResult } from './scenario-results';
import type { SequentialSubject } from './sequential-pair';
import { WARMUP_EVENTS } from './warmup';

export type OpenStore = (path: string) => Promise<EventStore>;

export interface OurAppendPlan {
  id: string;
  label: string;
  path: string;
  events: NewEvent[][];
  maxSeconds: number;
}


/**
 * Durable appends through the port: each writer appends to its own stream, one event per call, with the
 * exact expected revision, and waits for the promise (which resolves only once the commit is on disk).
 */
export async function ourAppend(open: OpenStore, plan: OurAppendPlan, progress: Progress): Promise<ScenarioResult> {
  const store = await open(plan.path);
  try {
    await warmUp(store);
    const run = `ours${plan.events.length}`;
    const outcome = await runWriters(
      {
        label: plan.label,
        writers: plan.events.length,
        perWriter: plan.events[0]?.length ?? 0,
        maxSeconds: plan.maxSeconds,
        appendOne: async (w, i) => {
          const event = plan.events[w]?.[i];
          if (!event) throw new Error(`no event ${w}/${i}`);
          await store.append(writerStream(run, w), [event], i === 0 ? 'no_stream' : BigInt(i - 1));
        },
      },
      progress,
    );
    const head = await store.headPosition();
    const expectedHead = BigInt(WARMUP_EVENTS + outcome.succeeded);
    const notes = head === expectedHead ? [] : [`head position ${head}, expected ${expectedHead}`];
    return appendScenarioResult(plan.id, 'ours', plan.label, outcome, notes);
  } finally {
    await store.close();
  }
}

/** One writer, one stream, exact expected revisions: each append awaited before the next is made. */
export async function ourSequential(open: OpenStore, path: string, events: readonly NewEvent[]): Promise<SequentialSubject> {
  const store = await open(path);
  await warmUp(store);
  let next = 0;
  return {
    id: 'ours.append.sequential',
    subject: 'ours',
    label: 'ours: durable append, 1 writer',
    unit: 'events',
    appendNext: async () => {
      const event = events[next];
      if (!event) throw new Error(`ours: no event ${next}`);
      await store.append('referral-ours-1', [event], next === 0 ? 'no_stream' : BigInt(next - 1));
      next += 1;
    },
    finish: async (appended) => {
      const head = await store.headPosition();
      await store.close();
      const expected = BigInt(WARMUP_EVENTS + appended);
      return head === expected ? [] : [`head position ${head}, expected ${expected}`];
    },
  };
}

/** Seeds `rows` events (not measured); each pass reads `$all` from 0 in batches of `batch`, decoded. */
export async function ourReadAll(open: OpenStore, path: string, rows: number, batch: number, progress: Progress): Promise<ReadSubject> {
  const store = await open(path);
  try {
    progress.step(`ours $all read: seeding ${rows} events`);
    const perAppend = 100;
    const seedStarted = now();
    for (let done = 0, stream = 0; done < rows; stream += 1) {
      const size = Math.min(perAppend, rows - done);
      const events = Array.from({ length: size }, (_, k) => referralConverted(stream, k));
      await store.append(writerStream('seed', stream), events, 'no_stream');
      done += size;
      progress.tick('ours seed', done, rows, seedStarted);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    id: 'ours.readAll',
    subject: 'ours',
    label: `ours: read $all + decode (${batch}/batch)`,
    unit: 'events',
    pass: async () => {
      let after = 0n;
      let count = 0;
      let checksum = 0;
      for (;;) {
        const events = await store.readAll({ after, maxCount: batch });
        if (events.length === 0) break;
        for (const event of events) checksum += (event.data as { amount: { amount: number } }).amount.amount;
        count += events.length;
        after = events[events.length - 1]?.position ?? after;
      }
      if (count !== rows || checksum <= 0) throw new Error(`our $all read returned ${count} events of ${rows}`);
      return count;
    },
    close: () => store.close(),
  };
}

async function warmUp(store: EventStore): Promise<void> {
  // Not measured: compiles the hot paths and creates the schema's first pages.
  for (let i = 0; i < WARMUP_EVENTS; i++) {
    await store.append('warmup-ours', [referralConverted(999, i)], i === 0 ? 'no_stream' : BigInt(i - 1));
  }
}
