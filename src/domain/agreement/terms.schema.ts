import { z } from 'zod';
import { CurrencySchema, MinorUnitsSchema, MoneySchema, RateBpsSchema } from '../shared/money';

export const KpiMetricSchema = z.enum([
  'conversionRate',
  'churnRate',
  'retentionRate',
  'leads',
  'cac',
  'roi',
  'nps',
]);
export type KpiMetric = z.infer<typeof KpiMetricSchema>;

/** A flat amount or a tier threshold may be written as minor units or as money in the terms' currency. */
const AmountSchema = z.union([MinorUnitsSchema, MoneySchema]);

export const CommissionRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('percentage'), rateBps: RateBpsSchema }),
  z.strictObject({ type: z.literal('flat'), amount: AmountSchema }),
  z.strictObject({
    type: z.literal('tiered'),
    tiers: z
      .array(z.strictObject({ fromAmount: AmountSchema, rateBps: RateBpsSchema }))
      .min(1)
      .max(50),
  }),
]);

export const BonusRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('retention'), minRate: z.number().min(0).max(1), bonusBps: RateBpsSchema }),
  z.strictObject({
    kind: z.literal('milestone'),
    minAnnualOrders: z.number().int().min(0),
    bonusBps: RateBpsSchema,
  }),
]);

export const KpiTargetSchema = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((t) => t.min !== undefined || t.max !== undefined, 'a target needs min or max');

export const TermsSchema = z.strictObject({
  currency: CurrencySchema,
  commission: CommissionRuleSchema,
  attributionWindowDays: z.number().int().min(1).max(3650).default(90),
  holdDays: z.number().int().min(0).max(3650).default(0),
  capPerPeriod: MoneySchema.optional(),
  bonuses: z.array(BonusRuleSchema).max(20).default([]),
  kpis: z.array(z.strictObject({ metric: KpiMetricSchema, target: KpiTargetSchema })).max(20).default([]),
  exit: z.strictObject({ consecutiveMisses: z.number().int().min(1).max(120) }).default({ consecutiveMisses: 3 }),
});
/** Terms as stored: defaults applied. */
export type Terms = z.infer<typeof TermsSchema>;
/** Terms as a caller writes them (defaults optional). */
export type TermsInput = z.input<typeof TermsSchema>;
