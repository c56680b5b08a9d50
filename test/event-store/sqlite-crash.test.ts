import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { verifyChains } from '../../src/event-store/verify-chains';
import { sleep, waitFor } from './contract-helpers';
import { expectIntactFile } from './sqlite-file-checks';

const WRITER_SCRIPT = resolve(__dirname, 'fixtures', 'crash-writer.cjs');
const ROUNDS = 12;
const WRITERS = 32;
const STREAMS = 6;

interface Round {
  acked: number;
  killedAfterMs: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * Runs the writer child, lets it acknowledge some appends, then SIGKILLs it at a random moment.
 * Every "ack" line the child printed is an append the store called durable.
 */
async function runAndKill(dbPath: string, acked: Set<string>): Promise<Round> {
  const child = spawn(process.execPath, [WRITER_SCRIPT, dbPath, String(WRITERS), String(STREAMS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  let stderr = '';
  let ackedThisRound = 0;
  let exited = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!; // an unfinished line at the kill is not an acknowledgement
    for (const line of lines) {
      if (line.startsWith('ack ')) {
        acked.add(line.slice(4));
        ackedThisRound += 1;
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolveExit({ code, signal });
    }),
  );

  await waitFor(() => ackedThisRound > 0 || exited, 'the writer to acknowledge its first append', 20_000);
  const killedAfterMs = Math.floor(Math.random() * 250);
  await sleep(killedAfterMs);
  child.kill('SIGKILL');
  const { code, signal } = await exit;
  return { acked: ackedThisRound, killedAfterMs, signal, code, stderr };
}

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.length ? events[events.length - 1]!.position : 0n, maxCount: 5_000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
}

describe('SqliteEventStore under SIGKILL', () => {
  let dir: string | undefined;

  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    `loses no acknowledged append and leaves no gap across ${ROUNDS} kills of ${WRITERS} concurrent writers`,
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
      const dbPath = join(dir, 'crash.db');
      const acked = new Set<string>();
      const rounds: Round[] = [];

      for (let i = 0; i < ROUNDS; i++) {
        const round = await runAndKill(dbPath, acked);
        rounds.push(round);
        // Dying on its own (an error, a failed replay check) would be a bug, not a crash we caused.
        expect(round, `round ${i}: ${round.stderr}`).toMatchObject({ signal: 'SIGKILL', code: null });
        expect(round.acked, `round ${i} acknowledged nothing`).toBeGreaterThan(0);
      }

      expectIntactFile(dbPath);

      const store = SqliteEventStore.open(dbPath);
      try {
        const all = await readEverything(store);
        expect(all.map((e) => Number(e.position))).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));

        const stored = new Map<string, number>();
        for (const event of all) stored.set(event.eventId, (stored.get(event.eventId) ?? 0) + 1);
        const missing = [...acked].filter((id) => !stored.has(id));
        expect(missing, 'acknowledged events missing after the kills').toEqual([]);
        expect([...stored.values()].every((count) => count === 1)).toBe(true);
        // Events committed in the instant before a kill may be stored without their ack line; never the reverse.
        expect(all.length).toBeGreaterThanOrEqual(acked.size);

        const revisions = new Map<string, bigint[]>();
        for (const event of all) revisions.set(event.streamId, [...(revisions.get(event.streamId) ?? []), event.revision]);
        for (const [streamId, seen] of revisions) {
          expect(seen, streamId).toEqual(seen.map((_, i) => BigInt(i)));
        }

        const report = await verifyChains(store);
        expect(report).toMatchObject({ ok: true, eventsChecked: all.length, streamsChecked: revisions.size });
        console.info(
          `crash test: ${ROUNDS} kills, ${acked.size} acknowledged, ${all.length} stored, kill delays ${rounds.map((r) => r.killedAfterMs).join(',')} ms`,
        );
      } finally {
        await store.close();
      }
    },
    90_000,
  );
});
