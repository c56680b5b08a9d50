import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../api/auth/roles.decorator';
import { EVENT_STORE } from '../api/core/tokens';
import { ApiZodResponse } from '../api/docs/api-docs.decorators';
import { withStatus } from '../api/http/response-status';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import type { EventStore } from '../event-store/event-store.port';

const PositionText = z.string().regex(/^\d+$/);
export const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  store: z.object({ reachable: z.boolean(), kind: z.enum(['sqlite', 'esdb']), headPosition: PositionText.optional() }),
  projections: z.object({ checkpoint: PositionText, lag: PositionText }).optional(),
});
type Health = z.infer<typeof HealthSchema>;

/** A store that does not answer within this is unreachable for a load balancer's purposes. */
const PING_TIMEOUT_MS = 3_000;

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness and readiness: 200 while the event store answers, 503 when it does not. */
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly progress: ReadSideProgress,
  ) {}

  @Get('health')
  @Public()
  @ApiZodResponse(200, HealthSchema, 'the event store is reachable')
  @ApiZodResponse(503, HealthSchema, 'the event store is unreachable')
  async health(): Promise<Health> {
    const kind = this.store.kind;
    let head: bigint;
    try {
      if (!(await withinTimeout(this.store.ping(), PING_TIMEOUT_MS))) throw new Error('ping failed');
      head = await withinTimeout(this.store.headPosition(), PING_TIMEOUT_MS);
    } catch {
      return withStatus({ status: 'unavailable', store: { reachable: false, kind } }, 503);
    }
    const checkpoint = this.progress.checkpoint;
    return {
      status: 'ok',
      store: { reachable: true, kind, headPosition: head.toString() },
      projections: { checkpoint: checkpoint.toString(), lag: (head > checkpoint ? head - checkpoint : 0n).toString() },
    };
  }
}
