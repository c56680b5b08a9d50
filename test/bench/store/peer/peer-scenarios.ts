import type { NewEvent } from '../../../../src/event-store/event-store.port';
import type { ScenarioResult } from '../../bench-suite';
import { now, secondsSince } from '../../support/clock';
import type { Progress } from '../../support/progress';
import { medianPass, type PassTiming } from '../../support/read-passes';
import { runWriters } from '../../support/run-writers';
import { referralConverted, writerStream } from '../ledger-event';
import { WARMUP_EVENTS } from '../warmup';
import { appendScenarioResult } from '../scenario-results';
import type { PeerEvent, PeerModule } from './peer-api';
import { containPeer } from './peer-containment';

/** Same type, data and metadata as our events; Emmett adds its own message id and positions. */
export function toPeerEvent(event: NewEvent): PeerEvent {
  return {
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata },
  };
}

export async function peerPragmas(peer: PeerModule, path: string): Promise<Record<string, unknown>> {
  // Through the store first, so the file has the peer's schema and WAL mode exactly as it sets them up.
  await peer.getSQLiteEventStore({ fileName: path }).appendToStream('pragma-probe', [toPeerEvent(referralConverted(0, 0))]);
  const connection = peer.sqliteConnection({ fileName: path });
  try {
    const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
    const synchronous = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    return { journal_mode: journal?.journal_mode, synchronous: synchronous?.synchronous };
  } finally {
    connection.close();
  }
}

export interface PeerAppendPlan {
  id: string;
  label: string;
  path: string;
  events: NewEvent[][];
  maxSeconds: number;
}

/** Each writer appends to its own stream, one event per call, with the exact expected stream version. */
export async function peerAppend(peer: PeerModule, plan: PeerAppendPlan, progress: Progress): Promise<ScenarioResult> {
  const store = peer.getSQLiteEventStore({ fileName: plan.path });
  // Not measured, as many as our store's warm-up: the first call creates the schema, the rest warm the JIT.
  for (let i = 0; i < WARMUP_EVENTS; i++) {
    await store.appendToStream('warmup-peer', [toPeerEvent(referralConverted(999, i))], { expectedStreamVersion: BigInt(i) });
  }
  const run = `peer${plan.events.length}`;
  const contained = await containPeer(() =>
    runWriters(
      {
        label: plan.label,
        writers: plan.events.length,
        perWriter: plan.events[0]?.length ?? 0,
        maxSeconds: plan.maxSeconds,
        appendOne: async (w, i) => {
          const event = plan.events[w]?.[i];
          if (!event) throw new Error(`no event ${w}/${i}`);
          await store.appendToStream(writerStream(run, w), [toPeerEvent(event)], { expectedStreamVersion: BigInt(i) });
        },
      },
      progress,
    ),
  );
  const notes: string[] = [];
  if (contained.mutedLogLines > 0) notes.push(`peer printed ${contained.mutedLogLines} console.log lines (muted)`);
  if (contained.strayErrors > 0) notes.push(`${contained.strayErrors} uncaught peer errors: ${contained.firstStrayError ?? ''}`);
  return appendScenarioResult(plan.id, 'peer', plan.label, contained.value, notes);
}

/** Seeds `rows` events (not measured), then reads `$all` from the start in batches of 1000, decoded, `passes` times. */
export async function peerReadAll(peer: PeerModule, path: string, rows: number, passes: number, progress: Progress): Promise<ScenarioResult> {
  const store = peer.getSQLiteEventStore({ fileName: path });
  const perAppend = 100;
  progress.step(`peer $all read: seeding ${rows} events`);
  const seedStarted = now();
  for (let done = 0, stream = 0; done < rows; stream += 1) {
    const size = Math.min(perAppend, rows - done);
    const events = Array.from({ length: size }, (_, k) => toPeerEvent(referralConverted(stream, k)));
    await store.appendToStream(writerStream('peer-seed', stream), events, { expectedStreamVersion: 0n });
    done += size;
    progress.tick('peer seed', done, rows, seedStarted);
  }
  const connection = peer.sqliteConnection({ fileName: path });
  try {
    const timings: PassTiming[] = [];
    for (let pass = 0; pass < passes; pass++) {
      const started = now();
      let after = 0n;
      let count = 0;
      let checksum = 0;
      for (;;) {
        const batch = await peer.readMessagesBatch(connection, { after, batchSize: 1000 });
        if (batch.messages.length === 0) break;
        for (const message of batch.messages) checksum += (message.data as { amount: { amount: number } }).amount.amount;
        count += batch.messages.length;
        after = batch.currentGlobalPosition;
        progress.tick('peer $all read', count, rows, started);
      }
      timings.push({ count, seconds: secondsSince(started) });
      if (count !== rows || checksum <= 0) throw new Error(`peer $all read ${count} events of ${rows}`);
    }
    const median = medianPass(timings);
    return {
      id: 'peer.readAll',
      subject: 'peer',
      label: 'peer: read $all + decode (1000/batch)',
      count: median.count,
      seconds: median.seconds,
      perSecond: median.perSecond,
      unit: 'events',
      notes: [median.note],
    };
  } finally {
    connection.close();
  }
}
