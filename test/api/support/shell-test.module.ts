import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Module, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { CommandContext } from '../../../src/application/command-context';
import { AnyRole, Roles } from '../../../src/api/auth/roles.decorator';
import { Principal } from '../../../src/api/auth/principal.decorator';
import type { Principal as PrincipalValue } from '../../../src/api/auth/principal';
import { EVENT_STORE } from '../../../src/api/core/tokens';
import { ApiCommandResponses } from '../../../src/api/docs/api-docs.decorators';
import { commandBody } from '../../../src/api/http/command-envelope';
import { CommandCtx } from '../../../src/api/http/command-context.decorator';
import { toCommandResponse } from '../../../src/api/http/command-response';
import { ZodBody, ZodQuery } from '../../../src/api/http/zod-request.decorators';
import { MinPositionQuerySchema } from '../../../src/api/read-side/min-position';
import { ReadSideProgress } from '../../../src/api/read-side/read-side-progress';
import { DomainErrorException, rule } from '../../../src/domain/shared/domain-error';
import { IdSchema } from '../../../src/domain/shared/identifiers';
import type { EventStore } from '../../../src/event-store/event-store.port';

export const NoteBody = commandBody({
  streamId: IdSchema,
  note: z.string().max(100),
  eventId: IdSchema.optional(),
  terms: z.strictObject({ commission: z.strictObject({ rateBps: z.number().int().min(0).max(10_000) }) }).optional(),
});

const EchoQuery = z.strictObject({ period: z.string().regex(/^\d{4}-\d{2}$/), ...MinPositionQuerySchema.shape });

interface Hold {
  entered: Promise<void>;
  release: () => void;
}
let armed: { enter: () => void; released: Promise<void> } | undefined;

/** Holds the next /test/notes command inside its handler until released, to provoke a concurrent repeat. */
export function holdNextCommand(): Hold {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  armed = { enter, released };
  return { entered, release };
}

export function disarmHold(): void {
  armed = undefined;
}

/** A tiny controller standing in for feature endpoints, appending to the real store. */
@Controller('test')
class ShellTestController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly progress: ReadSideProgress,
  ) {}

  @Post('notes')
  @Roles('finance')
  @ApiCommandResponses()
  async note(@ZodBody(NoteBody) body: z.infer<typeof NoteBody>, @CommandCtx() ctx: CommandContext) {
    const hold = armed;
    if (hold) {
      armed = undefined;
      hold.enter();
      await hold.released;
    }
    const result = await this.store.append(
      `note-${body.streamId}`,
      [
        {
          eventId: body.eventId ?? randomUUID(),
          type: 'NoteTaken',
          data: { note: body.note },
          metadata: {
            occurredAt: ctx.occurredAt,
            actor: ctx.actor,
            correlationId: ctx.correlationId,
            causationId: ctx.causationId,
            schemaVersion: 1,
            ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
          },
        },
      ],
      ctx.expectedRevision ?? 'any',
    );
    return toCommandResponse(result);
  }

  @Get('notes/:streamId/context')
  @AnyRole()
  async events(@Param('streamId') streamId: string) {
    const events = await this.store.readStream(`note-${streamId}`);
    return events.map((e) => ({ eventId: e.eventId, revision: e.revision, metadata: e.metadata }));
  }

  @Post('rule')
  @Roles('finance')
  refuse(): never {
    throw new DomainErrorException(rule('PARTNER_NOT_APPROVED', 'partner p1 is not approved', { partnerId: 'p1' }));
  }

  @Get('boom')
  @AnyRole()
  boom(): never {
    throw new Error('secret internals at /srv/ledger');
  }

  @Get('who')
  @Roles('auditor')
  who(@Principal() principal: PrincipalValue) {
    return principal;
  }

  @Get('echo')
  @AnyRole()
  async echo(@ZodQuery(EchoQuery) query: z.infer<typeof EchoQuery>) {
    await this.progress.waitFor(query.minPosition);
    return { period: query.period, minPosition: query.minPosition ?? null, checkpoint: this.progress.checkpoint };
  }

  /** Declares no roles: must be denied to everyone. */
  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

@Module({ controllers: [ShellTestController] })
export class ShellTestModule {}
