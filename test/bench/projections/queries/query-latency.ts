import type { ScenarioResult } from '../../bench-suite';
import { now, secondsSince } from '../../support/clock';
import { LatencyRecorder } from '../../support/latency';
import type { Progress } from '../../support/progress';
import { SeededRandom } from '../generator/seeded-random';

export interface QueryPlan {
  id: string;
  label: string;
  /** The population (a uniform sample of the ledger's entities); queries draw from it at random. */
  ids: readonly string[];
  queries: number;
  warmup: number;
  /** One query; resolves with the number of events (or explanation steps) it returned. */
  run(id: string): Promise<number>;
  /** Extra notes computed from what the queries returned. */
  notes?: () => string[];
}

/**
 * Latency of one query at a time (as a request handler runs it), over random entities drawn with replacement.
 * A warm-up pass on other draws comes first, so the figures are of a warmed process, not of JIT compilation;
 * the page cache is whatever the rebuild left, as on a server that has been running.
 */
export async function measureQueries(plan: QueryPlan, progress: Progress): Promise<ScenarioResult> {
  const base = { id: plan.id, subject: 'ours', label: plan.label, unit: 'events' as const };
  if (plan.ids.length === 0) return { ...base, count: 0, seconds: 0, perSecond: 0, skipped: 'no entity of this kind in the ledger' };
  const random = new SeededRandom(hashOf(plan.id));
  for (let i = 0; i < plan.warmup; i++) await plan.run(random.pick(plan.ids));
  const latency = new LatencyRecorder(plan.queries);
  let returned = 0;
  let empty = 0;
  const started = now();
  for (let i = 0; i < plan.queries; i++) {
    const id = random.pick(plan.ids);
    const t0 = now();
    const count = await plan.run(id);
    latency.record(t0, now());
    returned += count;
    if (count === 0) empty += 1;
    progress.tick(plan.label, i + 1, plan.queries, started);
  }
  const seconds = secondsSince(started);
  const summary = latency.summary();
  const notes = [`${plan.queries} queries`, `${(returned / plan.queries).toFixed(1)} events/query`, ...(plan.notes?.() ?? [])];
  return {
    ...base,
    count: returned,
    seconds,
    perSecond: returned / seconds,
    ...(summary ? { latencyMs: summary } : {}),
    failures: empty,
    ...(empty > 0 ? { firstError: `${empty} queries returned nothing` } : {}),
    notes,
  };
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
