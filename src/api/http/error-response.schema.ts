import { z } from 'zod';

/** The one error shape (API.md "Errors"), for the OpenAPI document. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
