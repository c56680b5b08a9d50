import { z } from 'zod';
import { CurrencySchema } from '../../domain/shared/money';
import { InstantSchema, PeriodSchema } from '../../domain/shared/identifiers';
import { MinPositionQuerySchema } from '../read-side/min-position';

/** GET /v1/partners/{id}/commissions?period=&asOf=&currency=&minPosition= */
export const CommissionsQuerySchema = z.strictObject({
  period: PeriodSchema,
  /** Only what was recorded by then (recordedAt ≤ asOf) exists; holds are judged at that instant too. */
  asOf: InstantSchema.optional(),
  /** The statement's currency; by default the first in which the partner has lines in the period. */
  currency: CurrencySchema.optional(),
  ...MinPositionQuerySchema.shape,
});
export type CommissionsQuery = z.infer<typeof CommissionsQuerySchema>;
