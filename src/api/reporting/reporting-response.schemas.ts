import { z } from 'zod';
import { MoneySchema } from '../../domain/shared/money';

/** Money for revenue; a count for conversions; for conversionRate, the share of the period's referrals converted since. */
export const LeaderboardSchema = z.array(
  z.object({ rank: z.number().int(), partnerId: z.string(), value: z.union([MoneySchema, z.number()]) }),
);

export const TrialBalanceSchema = z.object({
  asOf: z.string().optional(),
  accounts: z.array(
    z.object({ account: z.string(), currency: z.string(), debit: MoneySchema, credit: MoneySchema, balance: MoneySchema }),
  ),
  /** Per currency; double entry keeps every balance at 0. */
  totals: z.array(z.object({ currency: z.string(), debit: MoneySchema, credit: MoneySchema, balance: MoneySchema })),
});

export const AlertsSchema = z.array(
  z
    .object({
      alertId: z.string(),
      type: z.enum(['kpi-breach', 'concentration', 'termination-recommended']),
      status: z.literal('open'),
      partnerId: z.string(),
    })
    .catchall(z.unknown()),
);
