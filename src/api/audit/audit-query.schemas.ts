import { z } from 'zod';
import { streamTypes, type StreamType } from '../../domain/stream-names';
import { InstantSchema } from '../../domain/shared/identifiers';
import { MinPositionQuerySchema } from '../read-side/min-position';

export const StreamTypeSchema = z.enum(streamTypes as [StreamType, ...StreamType[]], {
  error: `one of ${streamTypes.join(', ')}`,
});

/** The values X-Correlation-Id accepts (a generated one is a uuid). */
export const CorrelationIdSchema = z.string().regex(/^[A-Za-z0-9._:@/+=-]{1,128}$/, 'a correlation id');

/** Account event ids are deterministic and may be longer than caller-chosen ids. */
export const EventIdSchema = z.string().min(1).max(300).regex(/^[\x21-\x7e]+$/, 'printable characters without spaces');

export const StreamAuditQuerySchema = z.strictObject({
  /** Only events recorded by then (recordedAt ≤ asOf): the stream as the books showed it on that day. */
  asOf: InstantSchema.optional(),
  ...MinPositionQuerySchema.shape,
});
export type StreamAuditQuery = z.infer<typeof StreamAuditQuerySchema>;

export const ReadQuerySchema = z.strictObject({ ...MinPositionQuerySchema.shape });
export type ReadQuery = z.infer<typeof ReadQuerySchema>;
