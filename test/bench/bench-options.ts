import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Suite names to run, in order; `all` is expanded by the runner. */
  suites: string[];
  /** A small smoke run: every scenario, tiny counts. */
  quick: boolean;
  /** Overrides the size of the bulk scenarios (batched inserts, `$all` reads, the concurrent appends). */
  events: number | undefined;
  /** Upper bound, in seconds, on each durable-append scenario (they stop early when it is reached). */
  seconds: number;
  /** Concurrent writers in the concurrent-append scenarios. */
  writers: number;
  /** Measure the peer (installs it on first use). */
  peer: boolean;
  /** Where the results file goes. */
  out: string | undefined;
  /** Keep the temporary database files (for inspection after a run). */
  keep: boolean;
  /** Projections suite: events in the generated ledger (default 1M, quick 100k). */
  projEvents: number | undefined;
  /** Projections suite: also stream 10M events through the engine and watch RSS (long, ~22 GB of disk). */
  events10m: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [options]

  --suite <name>     suite to run: store | projections | all (default all); repeat or comma-separate for several
  --quick            smoke run: every scenario with tiny counts (seconds, not minutes)
  --events <n>       size of the bulk scenarios (batched inserts, $all reads, concurrent appends)
  --seconds <s>      time box per durable-append scenario (default 20, quick 3)
  --writers <n>      concurrent writers (default 64)
  --no-peer          skip the peer (Emmett on SQLite)
  --proj-events <n>  projections suite: events in the generated ledger (default 1000000, quick 100000)
  --events-10m       projections suite: also rebuild a 10M-event ledger and report RSS growth (long)
  --out <file>       results file (default bench-results.json at the repo root)
  --keep             keep the temporary database files
  --help             this text
`;

export class BenchOptionsError extends Error {
  readonly code = 'BENCH_OPTIONS_INVALID';
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string', multiple: true },
        quick: { type: 'boolean', default: false },
        events: { type: 'string' },
        seconds: { type: 'string' },
        writers: { type: 'string' },
        'no-peer': { type: 'boolean', default: false },
        out: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'proj-events': { type: 'string' },
        'events-10m': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new BenchOptionsError((error as Error).message);
  }
  const { values } = parsed;
  const quick = values.quick === true;
  const suites = (values.suite ?? ['all']).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return {
    suites: suites.length > 0 ? suites : ['all'],
    quick,
    events: values.events === undefined ? undefined : positiveInteger('--events', values.events),
    seconds: values.seconds === undefined ? (quick ? 3 : 20) : positiveNumber('--seconds', values.seconds),
    writers: values.writers === undefined ? 64 : positiveInteger('--writers', values.writers),
    peer: values['no-peer'] !== true,
    out: values.out,
    keep: values.keep === true,
    projEvents: values['proj-events'] === undefined ? undefined : positiveInteger('--proj-events', values['proj-events']),
    events10m: values['events-10m'] === true,
    help: values.help === true,
  };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value <= 0) throw new BenchOptionsError(`${flag} wants a positive integer, got ${text}`);
  return value;
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new BenchOptionsError(`${flag} wants a positive number, got ${text}`);
  return value;
}
