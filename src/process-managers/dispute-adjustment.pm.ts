import { executeCommand } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { accountDecider } from '../domain/account/account.decider';
import { DisputeResolved } from '../domain/dispute/dispute.events';
import type { EventOf } from '../domain/shared/event-definition';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectOf } from './effect-of';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';


const NAME = 'dispute-adjustment';
/** A resolution with an adjustment posts it to the partner's account, once per dispute. */
export const disputeAdjustmentPm: ProcessManager = {
  name: NAME,
  eventTypes: [DisputeResolved.type],
  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    const { data } = toDomainEvent<EventOf<typeof DisputeResolved>>(event);
    if (!data.adjustment) return [];
    const { result } = await executeCommand(
      store,
      {
        streamId: streams.account(data.partnerId),
        decider: accountDecider,
        command: {
          type: 'PostAdjustment',
          partnerId: data.partnerId,
          disputeId: data.disputeId,
          amount: data.adjustment,
          reason: data.reason,
          sourceEventId: event.eventId,
          occurredAt: event.metadata.occurredAt,
        },
        naturalKey: `${NAME}:${event.eventId}`,
      },
      effectContext(NAME, event),
    );
    return effectOf(result);
  },
};
