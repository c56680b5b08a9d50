import { z } from 'zod';
import { InstantSchema, ReasonSchema } from '../../domain/shared/identifiers';

/** Fields every command body may carry (API.md): business time and the caller's reason. */
export const CommandEnvelopeShape = {
  occurredAt: InstantSchema.optional(),
  reason: ReasonSchema.optional(),
};

export const CommandEnvelopeSchema = z.object(CommandEnvelopeShape);

/** A command body: the envelope plus the given fields (which may tighten it, e.g. a required reason); unknown fields rejected. */
export function commandBody<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject({ ...CommandEnvelopeShape, ...shape });
}
