import { isAbsolute, join, resolve } from 'node:path';
import { BenchOptionsError, parseBenchOptions, USAGE, type BenchOptions } from './bench-options';
import type { SuiteReport } from './bench-suite';
import { machineInfo } from './report/machine-info';
import { formatSuiteReport } from './report/print-report';
import { writeResults } from './report/results-file';
import { selectSuites, SUITES } from './suite-registry';
import { Progress } from './support/progress';
import { findRepoRoot } from './support/repo-root';
import { TempFiles } from './support/temp-files';

/**
 * `npm run bench -- [options]`: runs the selected suites one after the other in this process, prints a
 * table per suite on stdout (progress goes to stderr), and writes bench-results.json at the repo root.
 * Targets are reported, never asserted: the exit code is non-zero only when a suite could not run.
 */
async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  let names: string[];
  try {
    options = parseBenchOptions(argv);
    names = selectSuites(options.suites);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return error instanceof BenchOptionsError || error instanceof Error ? 2 : 1;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const repoRoot = findRepoRoot(__dirname);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const progress = new Progress(true);
  const temp = new TempFiles(options.keep);
  const suites: Record<string, SuiteReport | { error: string }> = {};
  let failed = false;
  progress.step(`node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, load ${machine.loadAverage.join(' ')}; files in ${temp.dir}`);
  try {
    for (const name of names) {
      const load = SUITES[name];
      if (!load) continue;
      progress.step(`suite ${name}${options.quick ? ' (quick)' : ''}`);
      try {
        const suite = await load();
        const report = await suite.run({ options, progress, temp, repoRoot });
        suites[name] = report;
        process.stdout.write(`\n${formatSuiteReport(name, report)}\n`);
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        suites[name] = { error: message };
        process.stderr.write(`[bench] suite ${name} failed: ${message}\n`);
      }
    }
  } finally {
    temp.cleanup();
  }

  const out = options.out === undefined ? join(repoRoot, 'bench-results.json') : isAbsolute(options.out) ? options.out : resolve(options.out);
  const { help: _help, ...recordedOptions } = options;
  writeResults(out, {
    format: 'partnership-ledger-bench/1',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    loadAverageAtEnd: machineInfo().loadAverage,
    options: recordedOptions,
    suites,
  });
  process.stdout.write(`\nresults written to ${out}\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
