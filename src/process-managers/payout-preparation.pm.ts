import type { CommandContext } from '../application/command-context';
import { executeCommand, type CommandOutcome } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { withStreamState } from '../application/stream-state-cache';
import { accountDecider } from '../domain/account/account.decider';
import { PayoutLinesReserved } from '../domain/account/account.events';
import { payoutLinesOf } from '../domain/account/payout-lines';
import { payoutDecider } from '../domain/payout/payout.decider';
import type { EventOf } from '../domain/shared/event-definition';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectOf } from './effect-of';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';

const NAME = 'payout-preparation';

/**
 * The second append of POST /v1/payouts: the statement on payout-{id}, from the lines just reserved on the
 * account. The handler calls it right after the reservation; the process manager calls it for a reservation whose
 * request crashed in between. Both use the same natural key (from the reservation's event id), so the statement
 * exists exactly once. The preparer is the person who asked for the reservation.
 */
export async function preparePayoutFromReservation(
  store: EventStore,
  reservation: RecordedEvent,
  ctx: CommandContext,
): Promise<CommandOutcome> {
  const { data } = toDomainEvent<EventOf<typeof PayoutLinesReserved>>(reservation);
  const lines = await withStreamState(store, streams.account(data.partnerId), accountDecider, (account) =>
    payoutLinesOf(account, data.lineIds),
  );
  return executeCommand(
    store,
    {
      streamId: streams.payout(data.payoutId),
      decider: payoutDecider,
      command: {
        type: 'PreparePayout',
        payoutId: data.payoutId,
        partnerId: data.partnerId,
        period: data.period,
        lines,
        total: data.total,
        preparedBy: reservation.metadata.actor.principalId,
        occurredAt: reservation.metadata.occurredAt,
      },
      naturalKey: `${NAME}:${reservation.eventId}`,
    },
    ctx,
  );
}

export const payoutPreparationPm: ProcessManager = {
  name: NAME,
  eventTypes: [PayoutLinesReserved.type],
  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    const { result } = await preparePayoutFromReservation(store, event, effectContext(NAME, event));
    return effectOf(result);
  },
};
