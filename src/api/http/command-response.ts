import { z } from 'zod';
import type { AppendResult } from '../../event-store/event-store.port';
import { withStatus } from './response-status';

/** What every command answers (API.md "Commands"); bigints travel as decimal strings. */
export const CommandResponseSchema = z.object({
  streamId: z.string(),
  revision: z.string().regex(/^\d+$/),
  /** Global position of the last event appended: usable as ?minPosition= on any query. */
  position: z.string().regex(/^\d+$/),
  eventIds: z.array(z.string()),
});

export type CommandResponse = z.infer<typeof CommandResponseSchema>;

/**
 * The answer to a command that appended (201), or found its events already appended by an identical earlier
 * request (200): return it from the controller as is.
 */
export function toCommandResponse(result: AppendResult): CommandResponse {
  return withStatus(
    {
      streamId: result.streamId,
      revision: result.revision.toString(),
      position: result.position.toString(),
      eventIds: [...result.eventIds],
    },
    result.duplicate ? 200 : 201,
  );
}
