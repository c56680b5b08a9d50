import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-definition';
import { IdSchema, PeriodSchema } from '../shared/identifiers';
import { MoneySchema } from '../shared/money';

export const PayoutLineSchema = z.object({
  lineId: z.string(),
  kind: z.enum(['accrual', 'clawback', 'bonus', 'cap', 'adjustment']),
  /** Signed: what this line adds to (or, for clawbacks and caps, takes from) the payout. */
  amount: MoneySchema,
  period: PeriodSchema,
  sourceEventId: z.string().optional(),
  referralId: z.string().optional(),
  conversionId: z.string().optional(),
});
export type PayoutLine = z.infer<typeof PayoutLineSchema>;

export const PayoutPrepared = defineEvent(
  'PayoutPrepared',
  1,
  z.object({
    payoutId: IdSchema,
    partnerId: IdSchema,
    period: PeriodSchema,
    lines: z.array(PayoutLineSchema).min(1),
    total: MoneySchema,
    /** Principal id of the preparer: the four-eyes rule compares it with the approver's. */
    preparedBy: z.string(),
  }),
);

export const PayoutApproved = defineEvent(
  'PayoutApproved',
  1,
  z.object({ payoutId: IdSchema, partnerId: IdSchema, approvedBy: z.string() }),
);

export const PayoutPaid = defineEvent(
  'PayoutPaid',
  1,
  z.object({
    payoutId: IdSchema,
    partnerId: IdSchema,
    bankReference: z.string().min(1).max(200),
    total: MoneySchema,
    paidBy: z.string(),
  }),
);

export const payoutEvents = [PayoutPrepared, PayoutApproved, PayoutPaid] as const;
export type PayoutEvent = EventOf<typeof PayoutPrepared> | EventOf<typeof PayoutApproved> | EventOf<typeof PayoutPaid>;
