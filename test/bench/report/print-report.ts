import type { ScenarioResult, SuiteReport, TargetResult } from '../bench-suite';
import { textTable } from './text-table';

export function formatSuiteReport(name: string, report: SuiteReport): string {
  return [
    `== ${name}: scenarios`,
    textTable(['scenario', 'count', 'seconds', 'per second', 'p50 ms', 'p99 ms', 'failed', 'notes'], report.scenarios.map(scenarioRow)),
    '',
    `== ${name}: targets (reported, not asserted)`,
    textTable(['target', 'ratio', 'goal', 'result'], report.targets.map(targetRow)),
    ...errorLines(report.scenarios),
  ].join('\n');
}

function scenarioRow(s: ScenarioResult): string[] {
  if (s.skipped !== undefined) return [s.label, '', '', '', '', '', '', `skipped: ${s.skipped}`];
  return [
    s.label,
    String(s.count),
    s.seconds.toFixed(2),
    `${Math.round(s.perSecond)} ${s.unit}/s`,
    s.latencyMs ? s.latencyMs.p50.toFixed(2) : '',
    s.latencyMs ? s.latencyMs.p99.toFixed(2) : '',
    s.failures === undefined ? '' : String(s.failures),
    (s.notes ?? []).join('; '),
  ];
}

function targetRow(t: TargetResult): string[] {
  const ratio = t.ratio === null ? (t.status === 'PASS' ? 'inf' : '-') : formatRatio(t.ratio);
  return [t.description, ratio, `${(t.goal * 100).toFixed(0)}%`, t.status];
}

function errorLines(scenarios: readonly ScenarioResult[]): string[] {
  const failing = scenarios.filter((s) => s.firstError !== undefined);
  if (failing.length === 0) return [];
  return ['', 'first error per failing scenario:', ...failing.map((s) => `  ${s.label}: ${s.firstError ?? ''}`)];
}

/** Percent near the goals; a multiple when one side is far ahead (a 6000% reads worse than 60x). */
function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${ratio.toFixed(0)}x` : `${(ratio * 100).toFixed(1)}%`;
}
