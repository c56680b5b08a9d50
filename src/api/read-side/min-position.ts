import { z } from 'zod';

/**
 * Spread into a query schema (`z.strictObject({ period, ...MinPositionQuerySchema.shape })`): the position
 * a command answered with, so the query waits until the read models include that write.
 */
export const MinPositionQuerySchema = z.object({
  minPosition: z
    .string()
    .regex(/^\d{1,20}$/, 'a global position as returned by a command')
    .transform((text) => BigInt(text))
    .optional(),
});

export type MinPositionQuery = z.infer<typeof MinPositionQuerySchema>;
