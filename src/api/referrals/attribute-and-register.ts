import type { CommandContext } from '../../application/command-context';
import { executeCommand } from '../../application/execute-command';
import type { AgreementSnapshot } from '../../domain/agreement/agreement-snapshot';
import { attributionKey, REFERRAL_REGISTRATION_KEY } from '../../domain/attribution/attribution-keys';
import { attributionDecider } from '../../domain/attribution/attribution.decider';
import type { AttributionEvent } from '../../domain/attribution/attribution.events';
import { referralFromAttribution } from '../../domain/referral/referral-from-attribution';
import { referralDecider } from '../../domain/referral/referral.decider';
import { streams } from '../../domain/stream-names';
import type { AppendResult, EventStore } from '../../event-store/event-store.port';

export interface AttributionRequest {
  customerId: string;
  agreementId: string;
  referralId: string;
  source: { type: 'referral' | 'offer'; id: string };
  agreement: AgreementSnapshot | null;
}

/**
 * Attributes the customer (attribution-{customerId}: the expected revision makes concurrent claims race, one
 * wins) and then registers the referral, both under natural keys derived from the referral id: a retry finds
 * both already stored, and a crash between them is completed by the referral-registration process manager
 * with the very same event. The registration is caused by the attribution; `If-Match` applies to the referral.
 */
export async function attributeAndRegister(
  store: EventStore,
  request: AttributionRequest,
  ctx: CommandContext,
  causationId: string | null = ctx.causationId,
): Promise<{ attribution: AppendResult; referral: AppendResult }> {
  const { expectedRevision, ...unconditional } = ctx;
  const attributed = await executeCommand(
    store,
    {
      streamId: streams.attribution(request.customerId),
      decider: attributionDecider,
      command: { type: 'AttributeCustomer', ...request, occurredAt: ctx.occurredAt },
      naturalKey: attributionKey(request.referralId),
    },
    { ...unconditional, causationId },
  );
  const attribution = attributed.events[0] as AttributionEvent;
  const command = referralFromAttribution(attribution)!;
  const registered = await executeCommand(
    store,
    { streamId: streams.referral(request.referralId), decider: referralDecider, command, naturalKey: REFERRAL_REGISTRATION_KEY },
    {
      ...unconditional,
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      causationId: attributed.result.eventIds[0] ?? causationId,
      occurredAt: attribution.occurredAt,
    },
  );
  return { attribution: attributed.result, referral: registered.result };
}

/** The answer to a command made of several appends: the main stream's, with the position of the very last event. */
export function combinedResult(main: AppendResult, ...others: AppendResult[]): AppendResult {
  const all = [main, ...others];
  return {
    ...main,
    position: all.reduce((max, r) => (r.position > max ? r.position : max), 0n),
    duplicate: all.every((r) => r.duplicate),
  };
}
