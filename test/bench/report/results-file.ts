import { writeFileSync } from 'node:fs';
import type { BenchOptions } from '../bench-options';
import type { SuiteReport } from '../bench-suite';
import type { MachineInfo } from './machine-info';

export interface BenchResults {
  format: 'partnership-ledger-bench/1';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  /** Load averages at the end too: a busy neighbour during the run shows here. */
  loadAverageAtEnd: number[];
  options: Omit<BenchOptions, 'help'>;
  suites: Record<string, SuiteReport | { error: string }>;
}

export function writeResults(path: string, results: BenchResults): void {
  // bigint (positions in facts) is written as a decimal string, as the port's canonical JSON does.
  const json = JSON.stringify(results, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
  writeFileSync(path, `${json}\n`);
}
