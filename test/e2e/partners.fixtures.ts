import { expect } from 'vitest';
import { EVENT_STORE } from '../../src/api/core/tokens';
import type { Role } from '../../src/config/roles';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { TestApp, TestResponse } from '../support/test-app';

/** Business times of the seeds' stories: September and October 2026. */
export const SEP = (day: number, hour = 10) => `2026-09-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
export const OCT = (day: number, hour = 10) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export const strongCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

export const storeOf = (t: TestApp) => t.app.get<EventStore>(EVENT_STORE);
export const head = (t: TestApp) => storeOf(t).headPosition();

export async function post(t: TestApp, path: string, body: unknown, role: Role = 'partner-manager'): Promise<TestResponse> {
  return t.request('POST', path, { role, body });
}

/** Posts and insists on 201: the set-up steps of a test must not silently fail. */
export async function created(t: TestApp, path: string, body: unknown, role: Role = 'partner-manager'): Promise<TestResponse> {
  const response = await post(t, path, body, role);
  expect(response.status, `${path}: ${response.text}`).toBe(201);
  return response;
}

/** Proposed, screened with a strong card and approved. */
export async function onboard(t: TestApp, partnerId: string): Promise<void> {
  await created(t, '/v1/partners', { partnerId, name: `Partner ${partnerId}`, occurredAt: SEP(1, 9) });
  await created(t, `/v1/partners/${partnerId}/screenings`, { ...strongCard, occurredAt: SEP(1, 10) });
  await created(t, `/v1/partners/${partnerId}/approval`, { occurredAt: SEP(1, 11) });
}

export const percentTerms = (rateBps = 1500, extra: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  commission: { type: 'percentage', rateBps },
  ...extra,
});

/** Onboards the partner and signs the agreement at SEP(1, 12). */
export async function partnerWithAgreement(t: TestApp, partnerId: string, agreementId: string, terms: unknown = percentTerms()): Promise<void> {
  await onboard(t, partnerId);
  await created(t, '/v1/agreements', { agreementId, partnerId, terms, signedAt: SEP(1, 12), occurredAt: SEP(1, 12) });
}

/** Expects a refusal with this status and code that appended nothing. */
export async function expectRefused(
  t: TestApp,
  send: () => Promise<TestResponse>,
  status: number,
  code: string,
): Promise<TestResponse> {
  const before = await head(t);
  const response = await send();
  expect(response.status, response.text).toBe(status);
  expect(response.body?.error?.code, response.text).toBe(code);
  expect(await head(t)).toBe(before);
  return response;
}
