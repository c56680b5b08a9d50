import type { AuditRecord } from '../../../../projections';
import { streams } from '../../../domain/stream-names';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { payoutStatement } from '../../payouts/payout-statement';
import { toAuditEvent, type AuditEvent } from '../audit-payloads';
import { explainCommissionLine, readLineOrigins } from './explain-commission-line';
import type { ExplainSources } from './explain-sources';
import { actorsOf, StepList } from './explain-steps';
import type { ExplainStep, PayoutExplanation } from './explanation.schema';

/**
 * Explains a payout: who prepared, approved and paid it (with what each step caused on the account: the
 * reservation of its lines, their settlement), and every line back to its origin. Undefined when never prepared.
 */
export async function explainPayout(
  sources: ExplainSources,
  payoutEvents: readonly RecordedEvent[],
): Promise<PayoutExplanation | undefined> {
  const statement = payoutStatement(payoutEvents);
  if (!statement) return undefined;
  const steps = new StepList();
  const isOnAccount = (record: AuditRecord): boolean => isLinesOrSettlementOf(record, statement.partnerId);
  const events = payoutEvents.map(toAuditEvent);
  const nextTo = await effectsNextTo(sources, events, statement);
  for (const event of events) {
    steps.add(event);
    // The same business transaction: the lines reserved before the preparation, the settlement after the payment.
    const related = nextTo ? (nextTo.get(event.eventId) ?? []) : await sources.correlated(event.correlationId, isOnAccount);
    for (const effect of related) {
      if (isForPayout(effect, statement.payoutId)) steps.add(effect);
    }
  }
  const lines: PayoutExplanation['lines'] = [];
  // Every line's account event at once, before any line is explained.
  const lineEvents = await sources.lineEvents(
    statement.partnerId,
    statement.lines.map((line) => ({ lineId: line.lineId, period: line.period, currency: line.amount.currency })),
  );
  await readLineOrigins(sources, lineEvents.values());
  for (const line of statement.lines) {
    const event = lineEvents.get(line.lineId);
    const explanation = event === undefined ? undefined : await explainCommissionLine(sources, event.eventId);
    lines.push({ lineId: line.lineId, kind: line.kind, amount: line.amount, period: line.period, explanation: explanation ?? null });
  }
  // Each event once, where it first appears, as the last chain that has it tells it (a Map built from pairs).
  const payoutSteps = steps.list();
  const everyone = new Map<string, ExplainStep>();
  for (const step of payoutSteps) everyone.set(step.eventId, step);
  for (const line of lines) for (const step of line.explanation?.chain ?? []) everyone.set(step.eventId, step);
  return {
    payoutId: statement.payoutId,
    partnerId: statement.partnerId,
    period: statement.period,
    status: statement.status,
    total: statement.total,
    steps: payoutSteps,
    lines,
    actors: actorsOf([...everyone.values()]),
  };
}

/** Where a payout step's effect on the account is appended by the request that appended the step. */
const EFFECT_NEXT_TO: Record<string, { type: string; offset: bigint }> = {
  PayoutPrepared: { type: 'PayoutLinesReserved', offset: -1n },
  PayoutPaid: { type: 'PayoutSettled', offset: 1n },
};

/**
 * The payout's effects on the account found where its requests append them: the reservation just before
 * PayoutPrepared, the settlement just after PayoutPaid, each in its step's correlation. A payout has at most
 * one of each (natural keys), and the steps' correlations are distinct, so these are exactly what the
 * correlation lookups would find, at one point read each instead of a probe per audit-trail bucket.
 * Undefined when one is not there (a process manager appended it later, another event came between, a store
 * that cannot read at a position): the caller then looks every step's correlation up.
 */
async function effectsNextTo(
  sources: ExplainSources,
  events: readonly AuditEvent[],
  statement: { partnerId: string; payoutId: string },
): Promise<Map<string, AuditEvent[]> | undefined> {
  if (new Set(events.map((event) => event.correlationId)).size !== events.length) return undefined;
  const found = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const expected = EFFECT_NEXT_TO[event.type];
    if (!expected) continue;
    const effect = await sources.at(BigInt(event.position) + expected.offset);
    const isIt =
      effect !== undefined &&
      effect.type === expected.type &&
      effect.correlationId === event.correlationId &&
      isLinesOrSettlementOf(effect, statement.partnerId) &&
      isForPayout(effect, statement.payoutId);
    if (!isIt) return undefined;
    found.set(event.eventId, [effect]);
  }
  return found;
}

/** What a payout's steps cause on the account, told by the record alone (before any payload is read). */
function isLinesOrSettlementOf(record: AuditRecord, partnerId: string): boolean {
  return record.streamId === streams.account(partnerId) && (record.type === 'PayoutLinesReserved' || record.type === 'PayoutSettled');
}

function isForPayout(event: AuditEvent, payoutId: string): boolean {
  return (event.data as { payoutId?: string }).payoutId === payoutId;
}
