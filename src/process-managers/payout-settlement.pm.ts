import { executeCommand } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { accountDecider } from '../domain/account/account.decider';
import { PayoutPaid } from '../domain/payout/payout.events';
import type { EventOf } from '../domain/shared/event-definition';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectOf } from './effect-of';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';


const NAME = 'payout-settlement';
/** A paid payout marks its lines paid on the account: from then on they are in no other payout, ever. */
export const payoutSettlementPm: ProcessManager = {
  name: NAME,
  eventTypes: [PayoutPaid.type],
  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    const { data } = toDomainEvent<EventOf<typeof PayoutPaid>>(event);
    const { result } = await executeCommand(
      store,
      {
        streamId: streams.account(data.partnerId),
        decider: accountDecider,
        command: {
          type: 'SettlePayout',
          partnerId: data.partnerId,
          payoutId: data.payoutId,
          bankReference: data.bankReference,
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
