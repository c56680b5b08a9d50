import { loadFolded } from '../../application/stream-state-cache';
import { agreementDecider } from '../../domain/agreement/agreement.decider';
import type { AgreementState } from '../../domain/agreement/agreement.state';
import { streams } from '../../domain/stream-names';
import type { EventStore } from '../../event-store/event-store.port';

/** The agreement aggregate folded from its stream (stored v1 signatures upcast on the way), and its revision. */
export async function loadAgreement(store: EventStore, agreementId: string): Promise<{ state: AgreementState; revision: bigint | null }> {
  return loadFolded(store, streams.agreement(agreementId), agreementDecider);
}
