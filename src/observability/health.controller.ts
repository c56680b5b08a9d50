import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../api/auth/roles.decorator';
import { EVENT_STORE } from '../api/core/tokens';
import { ApiZodResponse } from '../api/docs/api-docs.decorators';
import { withStatus } from '../api/http/response-status';
import { ReadSideProgress } from '../api/read-side/read-side-progress';
import type { EventStore } from '../event-store/event-store.port';
import { ProjectionEngine } from '../projection-engine';

const PositionText = z.string().regex(/^\d+$/);
export const HealthSchema = z.object({
  /** degraded: the store answers (commands work) but some read models are not served (see notServing). */
  status: z.enum(['ok', 'degraded', 'unavailable']),
  store: z.object({ reachable: z.boolean(), kind: z.enum(['sqlite', 'esdb']), headPosition: PositionText.optional() }),
  projections: z
    .object({
      checkpoint: PositionText,
      lag: PositionText,
      /** Read models whose queries answer 503: stopped by a failure, or waiting for a new version's rebuild. */
      notServing: z.array(z.object({ name: z.string(), reason: z.enum(['failed', 'other-version']) })).optional(),
    })
    .optional(),
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
    @Optional() private readonly engine?: ProjectionEngine,
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
    const notServing = this.notServing();
    return {
      status: notServing.length > 0 ? 'degraded' : 'ok',
      store: { reachable: true, kind, headPosition: head.toString() },
      projections: {
        checkpoint: checkpoint.toString(),
        lag: (head > checkpoint ? head - checkpoint : 0n).toString(),
        ...(notServing.length > 0 ? { notServing } : {}),
      },
    };
  }

  /** The lag above is the read side's that serves: a failed or rebuilding read model does not hold it back. */
  private notServing(): { name: string; reason: 'failed' | 'other-version' }[] {
    if (!this.engine) return [];
    return this.engine.names().flatMap((name) => {
      const availability = this.engine!.availability(name);
      return availability.available ? [] : [{ name, reason: availability.reason }];
    });
  }
}
