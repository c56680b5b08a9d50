import { executeCommand } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { accountDecider } from '../domain/account/account.decider';
import { accrualForConversion } from '../domain/account/accrual-for-conversion';
import { agreementDecider } from '../domain/agreement/agreement.decider';
import { ReferralConverted } from '../domain/referral/referral.events';
import type { EventOf } from '../domain/shared/event-definition';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectOf } from './effect-of';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';
import { loadState } from '../application/stream-state-cache';


const NAME = 'commission-accrual';
/**
 * A conversion accrues its commission on the partner's account, on the agreement's terms version in effect at the
 * conversion's business time (read from the agreement's stream, never today's terms).
 */
export const commissionAccrualPm: ProcessManager = {
  name: NAME,
  eventTypes: [ReferralConverted.type],
  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    const { data } = toDomainEvent<EventOf<typeof ReferralConverted>>(event);
    const agreement = await loadState(store, streams.agreement(data.agreementId), agreementDecider);
    const { result } = await executeCommand(
      store,
      {
        streamId: streams.account(data.partnerId),
        decider: accountDecider,
        command: accrualForConversion(data, event.eventId, agreement, event.metadata.occurredAt),
        naturalKey: `${NAME}:${event.eventId}`,
      },
      effectContext(NAME, event),
    );
    return effectOf(result);
  },
};
