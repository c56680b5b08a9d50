import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import type { EventStore } from '../../event-store/event-store.port';
import { verifyChains, type ChainVerification } from '../../event-store/verify-chains';
import { EVENT_STORE } from '../core/tokens';

export const ChainVerificationSchema = z.object({
  ok: z.boolean(),
  streamsChecked: z.number().int(),
  eventsChecked: z.number().int(),
  firstBroken: z
    .object({ streamId: z.string(), revision: z.string(), position: z.string(), eventId: z.string(), reason: z.string() })
    .optional(),
});

export class VerifyChainsQuery extends Query<ChainVerification> {}

/** Recomputes every stream's hash chain from the store itself (never from a read model). */
@QueryHandler(VerifyChainsQuery)
export class VerifyChainsHandler implements IQueryHandler<VerifyChainsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<ChainVerification> {
    return verifyChains(this.store);
  }
}
