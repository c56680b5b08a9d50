import { z } from 'zod';

/** Ids are chosen by the caller (API.md), so a retried request is naturally idempotent. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const InstantSchema = z.iso.datetime({ offset: false, message: 'an ISO 8601 UTC instant, e.g. 2026-01-31T12:00:00Z' });

export const PeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a calendar month YYYY-MM');

export const ReasonSchema = z.string().min(1).max(2000);

/**
 * Calendar month in UTC of a business instant: periods are months by occurredAt. An instant as InstantSchema
 * takes it (UTC, `Z`) starts with its month; any other form goes through Date. (Every projection calls this
 * for most events: parsing a Date and formatting it back took 2% of a rebuild.)
 */
export function periodOf(instant: string): string {
  if (UTC_INSTANT.test(instant)) return instant.slice(0, 7);
  return new Date(instant).toISOString().slice(0, 7);
}

const UTC_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-\d{2}T[^+]*Z$/;

export function addDays(instant: string, days: number): string {
  return new Date(new Date(instant).getTime() + days * 86_400_000).toISOString();
}

/** First instant after the period: `[periodStart, periodEnd)`. */
export function periodEnd(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toISOString();
}

export function periodStart(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 1)).toISOString();
}
