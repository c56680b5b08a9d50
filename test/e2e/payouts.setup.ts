import { expect } from 'vitest';
import type { Role } from '../../src/config/roles';
import type { TestApp } from '../support/test-app';

/** Set-up through the public API, as partner managers and finance would do it (shared by the money e2e tests). */
export const SEP = (day: number, hour = 10) => `2026-09-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
export const OCT = (day: number, hour = 10) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
export const eur = (amount: number) => ({ amount, currency: 'EUR' });

const strongCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

async function ok(app: TestApp, method: string, path: string, role: Role, body: unknown) {
  const response = await app.request(method, path, { role, body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body;
}

export async function onboard(app: TestApp, partnerId: string): Promise<void> {
  await ok(app, 'POST', '/v1/partners', 'partner-manager', { partnerId, name: partnerId, occurredAt: SEP(1, 9) });
  await ok(app, 'POST', `/v1/partners/${partnerId}/screenings`, 'partner-manager', { ...strongCard, occurredAt: SEP(1, 10) });
  await ok(app, 'POST', `/v1/partners/${partnerId}/approval`, 'partner-manager', { occurredAt: SEP(1, 11) });
}

export async function sign(app: TestApp, agreementId: string, partnerId: string, terms: unknown): Promise<void> {
  await ok(app, 'POST', '/v1/agreements', 'partner-manager', { agreementId, partnerId, terms, signedAt: SEP(1, 12), occurredAt: SEP(1, 12) });
}

/** A referral and its conversion; answers the conversion command's response. */
export async function referAndConvert(app: TestApp, o: { referralId: string; agreementId: string; conversionId: string; amount: number; at: string }) {
  await ok(app, 'POST', '/v1/referrals', 'partner-manager', { referralId: o.referralId, agreementId: o.agreementId, customerId: `cust-${o.referralId}`, occurredAt: SEP(2) });
  return ok(app, 'POST', `/v1/referrals/${o.referralId}/conversions`, 'finance', { conversionId: o.conversionId, revenue: eur(o.amount), occurredAt: o.at });
}

export async function refund(app: TestApp, referralId: string, conversionId: string, amount: number, at: string) {
  return ok(app, 'POST', `/v1/referrals/${referralId}/refunds`, 'finance', { conversionId, refund: eur(amount), occurredAt: at });
}

export async function close(app: TestApp, partnerId: string, period: string, occurredAt: string) {
  return ok(app, 'POST', `/v1/partners/${partnerId}/periods/${period}/close`, 'finance', { occurredAt });
}

/** The agency network at 50%: one conversion of 2,000.00 EUR in September → 1,000.00 EUR commission. */
export async function networkWithOneConversion(app: TestApp, partnerId = 'agency-network'): Promise<{ position: string }> {
  await onboard(app, partnerId);
  await sign(app, `agr-${partnerId}`, partnerId, { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
  return referAndConvert(app, { referralId: `ref-${partnerId}-1`, agreementId: `agr-${partnerId}`, conversionId: `conv-${partnerId}-1`, amount: 200_000, at: SEP(15) });
}

export async function streamEvents(app: TestApp, streamId: string): Promise<Array<{ type: string; data: any; position: bigint; eventId: string; metadata: any }>> {
  const store = app.app.get<{ readStream(id: string): Promise<Array<{ type: string; data: any; position: bigint; eventId: string; metadata: any }>> }>('LEDGER_EVENT_STORE');
  return store.readStream(streamId);
}

export async function streamTypes(app: TestApp, streamId: string): Promise<string[]> {
  const store = app.app.get<{ readStream(id: string): Promise<Array<{ type: string }>> }>('LEDGER_EVENT_STORE');
  return (await store.readStream(streamId)).map((e) => e.type);
}

export async function head(app: TestApp): Promise<bigint> {
  return app.app.get<{ headPosition(): Promise<bigint> }>('LEDGER_EVENT_STORE').headPosition();
}
