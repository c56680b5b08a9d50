import type { BenchOptions } from './bench-options';
import type { Progress } from './support/progress';
import type { TempFiles } from './support/temp-files';

/** One measured step: throughput always, latency when the step is a series of individual operations. */
export interface ScenarioResult {
  /** Stable key used by targets and by bench-results.json, e.g. `ours.append.64w`. */
  id: string;
  /** Who is measured: `ours`, `raw`, `peer`, or a suite's own subject. */
  subject: string;
  label: string;
  /** Operations that succeeded (events appended or read, rows written or parsed). */
  count: number;
  seconds: number;
  perSecond: number;
  unit: 'events' | 'rows';
  latencyMs?: LatencySummary;
  /** Operations that failed; absent when the scenario cannot fail partially. */
  failures?: number;
  firstError?: string;
  /** Why the scenario did not run at all (e.g. the peer could not be installed). */
  skipped?: string;
  notes?: string[];
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

/** A ratio between two scenarios of the same run, compared with a goal: reported, never asserted. */
export interface TargetResult {
  id: string;
  description: string;
  /** numerator / denominator of perSecond; null when either side did not run. */
  ratio: number | null;
  goal: number;
  numerator: string;
  denominator: string;
  status: 'PASS' | 'MISS' | 'N/A';
}

export interface SuiteReport {
  scenarios: ScenarioResult[];
  targets: TargetResult[];
  /** Anything a reader needs to interpret the figures (schemas, pragmas, event size). */
  facts: Record<string, unknown>;
}

export interface SuiteContext {
  options: BenchOptions;
  progress: Progress;
  temp: TempFiles;
  repoRoot: string;
}

/** A benchmark suite is a module the runner loads by name (`--suite store|projections|all`). */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(context: SuiteContext): Promise<SuiteReport>;
}
