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
  for (const event of payoutEvents.map(toAuditEvent)) {
    steps.add(event);
    // The same business transaction: the lines reserved before the preparation, the settlement after the payment.
    for (const related of await sources.correlated(event.correlationId, isOnAccount)) {
      if (isForPayout(related, statement.payoutId)) steps.add(related);
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

/** What a payout's steps cause on the account, told by the record alone (before any payload is read). */
function isLinesOrSettlementOf(record: AuditRecord, partnerId: string): boolean {
  return record.streamId === streams.account(partnerId) && (record.type === 'PayoutLinesReserved' || record.type === 'PayoutSettled');
}

function isForPayout(event: AuditEvent, payoutId: string): boolean {
  return (event.data as { payoutId?: string }).payoutId === payoutId;
}
