import { executeCommand } from '../application/execute-command';
import { toDomainEvent } from '../application/event-mapping';
import { REFERRAL_REGISTRATION_KEY } from '../domain/attribution/attribution-keys';
import { CustomerAttributed, type AttributionEvent } from '../domain/attribution/attribution.events';
import { referralFromAttribution } from '../domain/referral/referral-from-attribution';
import { referralDecider } from '../domain/referral/referral.decider';
import { DomainErrorException } from '../domain/shared/domain-error';
import { streams } from '../domain/stream-names';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectContext, type ProcessManager, type ProcessManagerEffect } from './process-manager';

/**
 * A referral is registered in two appends: the customer's attribution (the uniqueness guard), then the
 * ReferralRegistered on referral-{id}. A crash between them leaves an attribution without its referral; this
 * completes it from the attribution, with the natural key the handler uses, so whichever runs second finds the
 * event already stored and appends nothing.
 */
export class ReferralRegistrationProcessManager implements ProcessManager {
  readonly name = 'referral-registration';
  readonly eventTypes = [CustomerAttributed.type] as const;

  async handle(event: RecordedEvent, store: EventStore): Promise<ProcessManagerEffect[]> {
    if (event.type !== CustomerAttributed.type) return [];
    const command = referralFromAttribution(toDomainEvent<AttributionEvent>(event));
    if (!command) return [];
    try {
      const { result } = await executeCommand(
        store,
        { streamId: streams.referral(command.referralId), decider: referralDecider, command, naturalKey: REFERRAL_REGISTRATION_KEY },
        effectContext(this.name, event),
      );
      return result.eventIds.length ? [{ streamId: result.streamId, position: result.position, duplicate: result.duplicate }] : [];
    } catch (error) {
      // The referral id already names another registration (the handler refuses that before attributing, so
      // only a hand-written stream gets here): nothing of ours is missing, and a stuck subscription helps no one.
      if (error instanceof DomainErrorException && error.error.kind === 'conflict') return [];
      throw error;
    }
  }
}

export const referralRegistrationProcessManager = new ReferralRegistrationProcessManager();
