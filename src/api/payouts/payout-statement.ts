import { z } from 'zod';
import { toDomainEvent } from '../../application/event-mapping';
import { PayoutLineSchema, type PayoutEvent } from '../../domain/payout/payout.events';
import { MoneySchema } from '../../domain/shared/money';
import type { RecordedEvent } from '../../event-store/event-store.port';

const StepSchema = z.object({
  /** The person who did it (for a statement completed by a process manager: the person who asked). */
  by: z.string(),
  /** The actor in the event's metadata. */
  actor: z.object({ principalId: z.string(), role: z.string() }),
  occurredAt: z.string(),
  recordedAt: z.string(),
  eventId: z.string(),
});

/** GET /v1/payouts/{id}: the statement as its stream records it. */
export const PayoutStatementSchema = z.object({
  payoutId: z.string(),
  partnerId: z.string(),
  period: z.string(),
  status: z.enum(['prepared', 'approved', 'paid']),
  total: MoneySchema,
  lines: z.array(PayoutLineSchema),
  prepared: StepSchema,
  approved: StepSchema.optional(),
  paid: StepSchema.extend({ bankReference: z.string() }).optional(),
  /** Revision of the payout stream: usable as If-Match. */
  revision: z.string(),
});
export type PayoutStatement = z.infer<typeof PayoutStatementSchema>;

function step(recorded: RecordedEvent, by: string): z.infer<typeof StepSchema> {
  return {
    by,
    actor: recorded.metadata.actor,
    occurredAt: recorded.metadata.occurredAt,
    recordedAt: recorded.recordedAt,
    eventId: recorded.eventId,
  };
}

/** Null when the payout was never prepared. */
export function payoutStatement(recorded: readonly RecordedEvent[]): PayoutStatement | null {
  let statement = null as PayoutStatement | null;
  for (const r of recorded) {
    const event = toDomainEvent<PayoutEvent>(r);
    switch (event.type) {
      case 'PayoutPrepared':
        statement = {
          payoutId: event.data.payoutId,
          partnerId: event.data.partnerId,
          period: event.data.period,
          status: 'prepared',
          total: event.data.total,
          lines: event.data.lines,
          prepared: step(r, event.data.preparedBy),
          revision: r.revision.toString(),
        };
        break;
      case 'PayoutApproved':
        if (statement) statement = { ...statement, status: 'approved', approved: step(r, event.data.approvedBy), revision: r.revision.toString() };
        break;
      case 'PayoutPaid':
        if (statement) {
          statement = {
            ...statement,
            status: 'paid',
            paid: { ...step(r, event.data.paidBy), bankReference: event.data.bankReference },
            revision: r.revision.toString(),
          };
        }
        break;
    }
  }
  return statement;
}
