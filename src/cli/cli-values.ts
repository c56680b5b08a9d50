import type { z } from 'zod';
import { CurrencySchema } from '../domain/shared/money';
import { IdSchema, InstantSchema, PeriodSchema } from '../domain/shared/identifiers';
import { CliError } from './cli-error';

/** Option values checked by the same schemas as the HTTP API, refused with the option's name. */
function parsed<T>(schema: z.ZodType<T>, option: string, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(`${option}: ${result.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(value)})`);
  return result.data;
}

export const parseId = (option: string, value: string): string => parsed(IdSchema, option, value);
export const parsePeriod = (value: string): string => parsed(PeriodSchema, '--period', value);
export const parseInstant = (option: string, value: string): string => parsed(InstantSchema, option, value);
export const parseCurrency = (value: string): string => parsed(CurrencySchema, '--currency', value);

export function parsePosition(option: string, value: string): bigint {
  if (!/^\d{1,20}$/.test(value)) throw new CliError(`${option}: a global position (a whole number), got ${JSON.stringify(value)}`);
  return BigInt(value);
}

export function parsePositiveInteger(option: string, value: string): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1)) throw new CliError(`${option}: a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}
