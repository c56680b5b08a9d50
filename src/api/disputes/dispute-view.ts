import { z } from 'zod';
import { toDomainEvent } from '../../application/event-mapping';
import { DisputeSubjectSchema, type DisputeEvent } from '../../domain/dispute/dispute.events';
import { MoneySchema } from '../../domain/shared/money';
import type { RecordedEvent } from '../../event-store/event-store.port';

const ActedSchema = z.object({
  actor: z.object({ principalId: z.string(), role: z.string() }),
  occurredAt: z.string(),
  recordedAt: z.string(),
  eventId: z.string(),
});

/** GET /v1/disputes/{id}: the dispute as its stream records it. */
export const DisputeViewSchema = z.object({
  disputeId: z.string(),
  partnerId: z.string(),
  status: z.enum(['open', 'resolved']),
  subject: DisputeSubjectSchema,
  claim: MoneySchema.optional(),
  description: z.string(),
  opened: ActedSchema,
  evidence: z.array(ActedSchema.extend({ description: z.string(), reference: z.string().optional() })),
  resolution: ActedSchema.extend({
    outcome: z.enum(['upheld', 'rejected', 'partial']),
    adjustment: MoneySchema.optional(),
    reason: z.string(),
  }).optional(),
  revision: z.string(),
});
export type DisputeView = z.infer<typeof DisputeViewSchema>;

const acted = (r: RecordedEvent) => ({ actor: r.metadata.actor, occurredAt: r.metadata.occurredAt, recordedAt: r.recordedAt, eventId: r.eventId });

/** Null when the dispute was never opened. */
export function disputeView(recorded: readonly RecordedEvent[]): DisputeView | null {
  let view = null as DisputeView | null;
  for (const r of recorded) {
    const event = toDomainEvent<DisputeEvent>(r);
    if (event.type === 'DisputeOpened') {
      const { disputeId, partnerId, subject, claim, description } = event.data;
      view = { disputeId, partnerId, status: 'open', subject, ...(claim ? { claim } : {}), description, opened: acted(r), evidence: [], revision: '' };
    } else if (view && event.type === 'DisputeEvidenceAdded') {
      const { description, reference } = event.data;
      view.evidence.push({ ...acted(r), description, ...(reference !== undefined ? { reference } : {}) });
    } else if (view && event.type === 'DisputeResolved') {
      const { outcome, adjustment, reason } = event.data;
      view.status = 'resolved';
      view.resolution = { ...acted(r), outcome, ...(adjustment ? { adjustment } : {}), reason };
    }
    if (view) view.revision = r.revision.toString();
  }
  return view;
}
