import { z } from 'zod';
import { MoneySchema } from '../../domain/shared/money';

const LineSchema = z.object({
  kind: z.enum(['accrual', 'clawback', 'bonus', 'cap', 'adjustment']),
  lineId: z.string(),
  /** Signed: clawbacks and caps are negative. */
  amount: MoneySchema,
  /** The business event behind the line: the conversion, the refund, the dispute resolution, or the award itself. */
  sourceEventId: z.string(),
  /** The account event that posted the line (GET /v1/audit/explain/commission/{eventId}). */
  eventId: z.string(),
  referralId: z.string().optional(),
  conversionId: z.string().optional(),
  /** The terms version the line was computed under; null for a line no terms produced (a dispute adjustment). */
  termsVersion: z.number().int().nullable(),
  rateBps: z.number().int().optional(),
  payableFrom: z.string().optional(),
  held: z.boolean(),
  paid: z.boolean(),
  payoutId: z.string().optional(),
  occurredAt: z.string(),
  recordedAt: z.string(),
});

/**
 * API.md "Money": payable = accrued − clawedBack + bonuses + adjustments − capped − held; balance = payable − paid.
 * Beyond the contract's fields: `held`, `closed`, `otherCurrencies`, and each line's ids, times and state.
 */
export const CommissionStatementSchema = z.object({
  partnerId: z.string(),
  period: z.string(),
  currency: z.string(),
  otherCurrencies: z.array(z.string()),
  closed: z.boolean(),
  accrued: MoneySchema,
  clawedBack: MoneySchema,
  bonuses: MoneySchema,
  adjustments: MoneySchema,
  capped: MoneySchema,
  held: MoneySchema,
  payable: MoneySchema,
  paid: MoneySchema,
  balance: MoneySchema,
  lines: z.array(LineSchema),
  asOf: z.string().optional(),
});
