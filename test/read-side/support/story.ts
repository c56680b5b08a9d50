import { expect } from 'vitest';
import type { Role } from '../../../src/config/roles';
import type { EventStore } from '../../../src/event-store/event-store.port';
import { EVENT_STORE } from '../../../src/api/core/tokens';
import { startTestApp, type TestApp, type TestAppOptions, type TestResponse } from '../../support/test-app';

/** Business times of the story: September and October 2026. */
export const SEP = (day: number, hour = 10) => `2026-09-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
export const OCT = (day: number, hour = 10) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
export const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A second approver principal, so that the preparer (alice) cannot approve her own payout. */
export function startReadSideApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ extraApiKeys: ['approver:alice:alice-approves'], ...options });
}

export const storeOf = (t: TestApp) => t.app.get<EventStore>(EVENT_STORE);

export async function command(t: TestApp, path: string, body: unknown, role: Role = 'partner-manager'): Promise<TestResponse> {
  const response = await t.request('POST', path, { role, body });
  expect(response.status, `${path}: ${response.text}`).toBeLessThan(300);
  return response;
}

export async function get(t: TestApp, path: string, role: Role = 'auditor'): Promise<TestResponse> {
  return t.request('GET', path, { role });
}

/** GET that must answer 200. */
export async function read(t: TestApp, path: string, role: Role = 'auditor'): Promise<any> {
  const response = await get(t, path, role);
  expect(response.status, `${path}: ${response.text}`).toBe(200);
  return response.body;
}

const strongCard = {
  debtRatio: 0.35,
  auditedYears: 6,
  successfulCases: 9,
  scores: { channel: 8, customerBase: 8, reputation: 8, culture: 7, skills: 8 },
};

export async function onboard(t: TestApp, partnerId: string): Promise<void> {
  await command(t, '/v1/partners', { partnerId, name: `Partner ${partnerId}`, occurredAt: SEP(1, 9) });
  await command(t, `/v1/partners/${partnerId}/screenings`, { ...strongCard, occurredAt: SEP(1, 10) });
  await command(t, `/v1/partners/${partnerId}/approval`, { occurredAt: SEP(1, 11) });
}

export async function sign(t: TestApp, agreementId: string, partnerId: string, terms: unknown): Promise<void> {
  await command(t, '/v1/agreements', { agreementId, partnerId, terms, signedAt: SEP(1, 12), occurredAt: SEP(1, 12) });
}

export async function referAndConvert(
  t: TestApp,
  o: { referralId: string; agreementId: string; conversionId: string; amount: number; at: string },
): Promise<TestResponse> {
  await command(t, '/v1/referrals', { referralId: o.referralId, agreementId: o.agreementId, customerId: `cust-${o.referralId}`, occurredAt: SEP(2) });
  return command(t, `/v1/referrals/${o.referralId}/conversions`, { conversionId: o.conversionId, revenue: eur(o.amount), occurredAt: o.at }, 'finance');
}

export interface Story {
  /** Position of the story's last command (covers its effects): a minPosition that sees the whole story. */
  position: string;
  fitnessReferralId: string;
}

/**
 * Two partners in September 2026:
 * - fitness-app at 15% (KPI: conversion rate ≥ 0.15), whose offer fit-autumn is redeemed by runner-1, who then
 *   buys 10,000.00 EUR → 1,500.00 EUR commission; its September conversion rate of 0.10 is a KPI breach;
 * - agency-network at 50%, amended to 40% from 20 September: 2,000.00 EUR on the 15th (→ 1,000.00), 1,000.00 on
 *   the 25th (→ 400.00 on terms version 2), 500.00 of the first refunded on the 28th (→ −250.00); the period is
 *   closed and payout pay-agency (1,150.00) prepared by alice, approved by bob and paid.
 * fitness-app then carries 10,000 of 12,500 EUR attributed revenue: over the 40% concentration limit.
 */
export async function tellStory(t: TestApp): Promise<Story> {
  await onboard(t, 'fitness-app');
  await sign(t, 'agr-fitness', 'fitness-app', {
    currency: 'EUR',
    commission: { type: 'percentage', rateBps: 1500 },
    kpis: [{ metric: 'conversionRate', target: { min: 0.15 } }],
  });
  await command(t, '/v1/offers', {
    offerId: 'fit-autumn',
    agreementId: 'agr-fitness',
    description: 'First month free for new members',
    incentive: { type: 'discount', percentBps: 10_000 },
    codes: ['FIT-1', 'FIT-2'],
    singleUse: true,
    validFrom: SEP(1, 0),
    validUntil: OCT(1, 0),
    occurredAt: SEP(2),
  });
  const redeemed = await command(t, '/v1/offers/fit-autumn/redemptions', { code: 'FIT-1', customerId: 'runner-1', occurredAt: SEP(5) });
  const fitnessReferralId = redeemed.body.referralId as string;
  await command(t, `/v1/referrals/${fitnessReferralId}/conversions`, { conversionId: 'conv-run-1', revenue: eur(1_000_000), occurredAt: SEP(10) }, 'finance');
  await command(t, '/v1/agreements/agr-fitness/kpi-measurements', { metric: 'conversionRate', period: '2026-09', value: 0.1, occurredAt: SEP(30, 18) });

  await onboard(t, 'agency-network');
  await sign(t, 'agr-agency', 'agency-network', { currency: 'EUR', commission: { type: 'percentage', rateBps: 5000 } });
  await referAndConvert(t, { referralId: 'ref-agency-1', agreementId: 'agr-agency', conversionId: 'conv-agency-1', amount: 200_000, at: SEP(15) });
  await command(t, '/v1/agreements/agr-agency/amendments', {
    terms: { currency: 'EUR', commission: { type: 'percentage', rateBps: 4000 } },
    effectiveFrom: SEP(20, 0),
    occurredAt: SEP(18),
  });
  await referAndConvert(t, { referralId: 'ref-agency-2', agreementId: 'agr-agency', conversionId: 'conv-agency-2', amount: 100_000, at: SEP(25) });
  await command(t, '/v1/referrals/ref-agency-1/refunds', { conversionId: 'conv-agency-1', refund: eur(50_000), occurredAt: SEP(28) }, 'finance');
  await command(t, '/v1/partners/agency-network/periods/2026-09/close', { occurredAt: OCT(1, 8) }, 'finance');
  await command(t, '/v1/payouts', { payoutId: 'pay-agency', partnerId: 'agency-network', period: '2026-09', occurredAt: OCT(2, 9) }, 'finance');
  await command(t, '/v1/payouts/pay-agency/approval', { occurredAt: OCT(2, 11) }, 'approver');
  const paid = await command(t, '/v1/payouts/pay-agency/payment', { bankReference: 'SEPA-AGENCY-0926', occurredAt: OCT(3, 9) }, 'finance');
  return { position: paid.body.position as string, fitnessReferralId };
}

/** Waits (without asserting on time) until the clock has moved past an instant, so the next append is recorded after it. */
export async function clockPast(instant: string): Promise<void> {
  while (Date.now() <= Date.parse(instant)) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** recordedAt of the last event in $all: an "as of" that includes everything so far. */
export async function lastRecordedAt(t: TestApp): Promise<string> {
  const store = storeOf(t);
  const head = await store.headPosition();
  const [last] = await store.readAll({ after: head - 1n, maxCount: 1 });
  return last!.recordedAt;
}
