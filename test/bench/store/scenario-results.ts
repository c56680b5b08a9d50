import type { ScenarioResult } from '../bench-suite';
import type { WritersOutcome } from '../support/run-writers';

export function appendScenarioResult(id: string, subject: string, label: string, outcome: WritersOutcome, notes: string[] = []): ScenarioResult {
  const allNotes = [...(outcome.timeBoxed ? ['time-boxed'] : []), ...notes];
  return {
    id,
    subject,
    label,
    count: outcome.succeeded,
    seconds: outcome.seconds,
    perSecond: outcome.succeeded / outcome.seconds,
    unit: 'events',
    ...(outcome.latency ? { latencyMs: outcome.latency } : {}),
    failures: outcome.failed,
    ...(outcome.firstError !== undefined ? { firstError: outcome.firstError } : {}),
    ...(allNotes.length > 0 ? { notes: allNotes } : {}),
  };
}

export function skippedScenario(id: string, subject: string, label: string, reason: string): ScenarioResult {
  return { id, subject, label, count: 0, seconds: 0, perSecond: 0, unit: 'events', skipped: reason };
}
