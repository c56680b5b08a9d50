import { z } from 'zod';
import { CurrencySchema } from '../../domain/shared/money';
import { InstantSchema, PeriodSchema } from '../../domain/shared/identifiers';
import { MinPositionQuerySchema } from '../read-side/min-position';

export const LeaderboardQuerySchema = z.strictObject({
  period: PeriodSchema,
  metric: z.enum(['revenue', 'conversions', 'conversionRate']).default('revenue'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a whole number from 1 to 1000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, 'a whole number from 1 to 1000')
    .default(10),
  /** Revenue only: by default the currency most partners earned in during the period. */
  currency: CurrencySchema.optional(),
  ...MinPositionQuerySchema.shape,
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuerySchema>;

export const TrialBalanceQuerySchema = z.strictObject({
  /** Only postings recorded by then (recordedAt ≤ asOf). */
  asOf: InstantSchema.optional(),
  ...MinPositionQuerySchema.shape,
});
export type TrialBalanceQuery = z.infer<typeof TrialBalanceQuerySchema>;

export const AlertsQuerySchema = z.strictObject({
  type: z.enum(['kpi-breach', 'concentration', 'termination-recommended']).optional(),
  ...MinPositionQuerySchema.shape,
});
export type AlertsQuery = z.infer<typeof AlertsQuerySchema>;
