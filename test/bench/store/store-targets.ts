import type { ScenarioResult, TargetResult } from '../bench-suite';

interface TargetSpec {
  id: string;
  description: string;
  numerator: string;
  denominator: string;
  goal: number;
}

/** The store's targets: ratios within one run, so the machine's disk and CPU cancel out. */
export const STORE_TARGETS: readonly TargetSpec[] = [
  {
    id: 'concurrent-vs-batched',
    description: '64-writer durable append >= 50% of raw batched insert',
    numerator: 'ours.append.concurrent',
    denominator: 'raw.batched',
    goal: 0.5,
  },
  {
    id: 'sequential-vs-commit-per-row',
    description: '1-writer durable append >= 80% of raw one commit per row',
    numerator: 'ours.append.sequential',
    denominator: 'raw.commitPerRow',
    goal: 0.8,
  },
  {
    id: 'read-vs-select-parse',
    description: '$all read + decode >= raw select + JSON.parse',
    numerator: 'ours.readAll',
    denominator: 'raw.selectParse',
    goal: 1,
  },
  {
    id: 'sequential-vs-peer',
    description: '1-writer durable append >= peer',
    numerator: 'ours.append.sequential',
    denominator: 'peer.append.sequential',
    goal: 1,
  },
  {
    id: 'concurrent-vs-peer',
    description: '64-writer durable append >= peer (peer: successful appends only)',
    numerator: 'ours.append.concurrent',
    denominator: 'peer.append.concurrent',
    goal: 1,
  },
  {
    id: 'read-vs-peer',
    description: '$all read + decode >= peer',
    numerator: 'ours.readAll',
    denominator: 'peer.readAll',
    goal: 1,
  },
];

export function evaluateTargets(specs: readonly TargetSpec[], scenarios: readonly ScenarioResult[], writers: number): TargetResult[] {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  return specs.map((spec) => {
    const top = byId.get(spec.numerator);
    const bottom = byId.get(spec.denominator);
    const description = spec.description.replace('64-writer', `${writers}-writer`);
    const base = { id: spec.id, description, goal: spec.goal, numerator: spec.numerator, denominator: spec.denominator };
    if (!top || !bottom || top.skipped !== undefined || bottom.skipped !== undefined || top.perSecond <= 0) {
      return { ...base, ratio: null, status: 'N/A' as const };
    }
    // A denominator that achieved nothing (the peer failing every append) is beaten by any success.
    if (bottom.perSecond <= 0) return { ...base, ratio: null, status: 'PASS' as const };
    const ratio = top.perSecond / bottom.perSecond;
    return { ...base, ratio, status: ratio >= spec.goal ? ('PASS' as const) : ('MISS' as const) };
  });
}
