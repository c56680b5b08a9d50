import { executeCommand } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { accountDecider } from '../domain/account/account.decider';
import { RevenueRefunded } from '../domain/referral/referral.events';
import type { EventOf } from '../domain/shared/event-definition';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectOf } from './effect-of';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';


const NAME = 'commission-clawback';
/** A refund claws back its share of the conversion's commission on the partner's account. */
export const commissionClawbackPm: ProcessManager = {
  name: NAME,
  eventTypes: [RevenueRefunded.type],
  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    const { data } = toDomainEvent<EventOf<typeof RevenueRefunded>>(event);
    const { result } = await executeCommand(
      store,
      {
        streamId: streams.account(data.partnerId),
        decider: accountDecider,
        command: {
          type: 'ClawBack',
          partnerId: data.partnerId,
          conversionId: data.conversionId,
          refund: data.refund,
          refundedToDate: data.refundedToDate,
          converted: data.converted,
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
