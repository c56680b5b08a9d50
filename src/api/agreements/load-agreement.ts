import { toDomainEvent } from '../../application/event-mapping';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import type { AgreementEvent } from '../../domain/agreement/agreement.events';
import type { AgreementState } from '../../domain/agreement/agreement.state';
import { fold } from '../../domain/shared/decider';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

/** The agreement aggregate folded from its stream (stored v1 signatures upcast on the way), and its revision. */
export async function loadAgreement(store: EventStore, agreementId: string): Promise<{ state: AgreementState; revision: bigint | null }> {
  const recorded = await store.readStream(streams.agreement(agreementId));
  return {
    state: fold(agreementDecider, recorded.map((r) => toDomainEvent<AgreementEvent>(r))),
    revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
  };
}
