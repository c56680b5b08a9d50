import { z } from 'zod';

/** Integer minor units with an ISO 4217 code: { amount: 12345, currency: 'EUR' } is 123.45 EUR. Never floats. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const MinorUnitsSchema = z
  .number()
  .int('an integer count of minor units')
  .refine(Number.isSafeInteger, 'a safe integer');

export const MoneySchema = z.strictObject({ amount: MinorUnitsSchema, currency: CurrencySchema });
export type Money = z.infer<typeof MoneySchema>;

export const PositiveMoneySchema = z.strictObject({
  amount: MinorUnitsSchema.refine((n) => n > 0, 'greater than zero'),
  currency: CurrencySchema,
});

/** Basis points: 4000 = 40%. */
export const RateBpsSchema = z.number().int().min(0).max(1_000_000);

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/**
 * numerator / denominator rounded half to even, in exact integer arithmetic (bigint, so no intermediate product
 * ever loses precision). Denominator must be positive.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** An amount, or a total of amounts, that no safe integer of minor units can hold. */
export class AmountOutOfRangeError extends RangeError {
  readonly code = 'AMOUNT_OUT_OF_RANGE';
  constructor(readonly minorUnits: bigint) {
    super(`${minorUnits} minor units is beyond a safe integer`);
    this.name = 'AmountOutOfRangeError';
  }
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AmountOutOfRangeError(value);
  return n;
}

/** amount × rateBps / 10000, half to even, once per line (DESIGN.md "Money and time rules"). */
export function applyBps(amount: number, rateBps: number): number {
  return toSafeNumber(divideHalfEven(BigInt(amount) * BigInt(rateBps), 10_000n));
}

/** commission × part / whole, half to even: the pro-rata share used by partial clawbacks. */
export function proRata(commission: number, part: number, whole: number): number {
  return toSafeNumber(divideHalfEven(BigInt(commission) * BigInt(part), BigInt(whole)));
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { amount: toSafeNumber(BigInt(a.amount) + BigInt(b.amount)), currency: a.currency };
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}
