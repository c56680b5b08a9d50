import { withRecordView } from '../audit-event.view';
import type { AuditEvent } from '../audit-payloads';
import type { ExplainActor, ExplainStep } from './explanation.schema';

const RELATION_BY_TYPE: Record<string, string> = {
  CommissionAccrued: 'accrual',
  CommissionClawedBack: 'clawback',
  BonusAwarded: 'bonus',
  CommissionCapped: 'cap',
  AdjustmentPosted: 'adjustment',
  PeriodClosed: 'period-close',
  PayoutLinesReserved: 'lines-reserved',
  PayoutSettled: 'settlement',
  ReferralConverted: 'conversion',
  RevenueRefunded: 'refund',
  ReferralRegistered: 'referral',
  CustomerAttributed: 'attribution',
  OfferRedeemed: 'offer-redemption',
  OfferLaunched: 'offer',
  AgreementSigned: 'terms',
  AgreementAmended: 'terms',
  KpiMeasured: 'kpi-measurement',
  DisputeOpened: 'dispute',
  DisputeEvidenceAdded: 'dispute-evidence',
  DisputeResolved: 'dispute-resolution',
  PayoutPrepared: 'payout-prepared',
  PayoutApproved: 'payout-approved',
  PayoutPaid: 'payout-paid',
};

export function relationOf(type: string): string {
  return RELATION_BY_TYPE[type] ?? 'cause';
}

/** The events of an explanation in the order they were added, each once. */
export class StepList {
  private readonly steps: ExplainStep[] = [];
  private readonly seen = new Set<string>();

  add(record: AuditEvent | undefined, relation = record && relationOf(record.type)): void {
    if (!record || this.seen.has(record.eventId)) return;
    this.seen.add(record.eventId);
    this.steps.push(withRecordView({ relation: relation! }, record));
  }

  has(eventId: string): boolean {
    return this.seen.has(eventId);
  }

  list(): ExplainStep[] {
    return [...this.steps];
  }
}

/** Every actor of the steps, in order of first appearance, with what each did. */
export function actorsOf(steps: readonly ExplainStep[]): ExplainActor[] {
  const actors: ExplainActor[] = [];
  // By role, then principal: no key string to build per step.
  const byRole = new Map<string, Map<string, ExplainActor>>();
  for (const step of steps) {
    const { role, principalId } = step.actor;
    let byPrincipal = byRole.get(role);
    if (!byPrincipal) byRole.set(role, (byPrincipal = new Map()));
    let actor = byPrincipal.get(principalId);
    if (!actor) {
      actor = { principalId, role, acts: [] };
      byPrincipal.set(principalId, actor);
      actors.push(actor);
    }
    actor.acts.push({
      relation: step.relation,
      type: step.type,
      eventId: step.eventId,
      occurredAt: step.occurredAt,
      recordedAt: step.recordedAt,
    });
  }
  return actors;
}
