import { fc, test as prop } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import type { AccountCommand } from '../../../src/domain/account/account.commands';
import { accountDecider } from '../../../src/domain/account/account.decider';
import type { AccountEvent } from '../../../src/domain/account/account.events';
import { TermsSchema } from '../../../src/domain/agreement/terms.schema';
import type { TermsVersion } from '../../../src/domain/commission/terms-in-effect';

const terms = (rateBps: number, holdDays: number): TermsVersion => ({
  agreementId: 'agr',
  partnerId: 'p',
  termsVersion: 1,
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  terms: TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps }, holdDays }),
});
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const dayOf2026 = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
const periodOfDay = (day: number) => dayOf2026(day).slice(0, 7);

/** Runs commands on the account, keeping what was appended; refusals append nothing. */
function run(commands: AccountCommand[]): AccountEvent[] {
  let state = accountDecider.initialState;
  const events: AccountEvent[] = [];
  for (const command of commands) {
    const decision = accountDecider.decide(command, state);
    if (!decision.ok) continue;
    for (const event of decision.events) state = accountDecider.evolve(state, event);
    events.push(...decision.events);
  }
  return events;
}

const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('accrue' as const), revenue: fc.integer({ min: 1, max: 1_000_000 }), rate: fc.integer({ min: 0, max: 10_000 }), hold: fc.integer({ min: 0, max: 40 }) }) },
  fc.record({ op: fc.constant('refund' as const), which: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('close' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('prepare' as const), back: fc.integer({ min: 0, max: 2 }) }) },
  fc.record({ op: fc.constant('settle' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('adjust' as const), amount: fc.integer({ min: -50_000, max: 50_000 }) }),
);

describe('account properties', () => {
  // Guards against a vacuous property: the generated histories must actually prepare payouts.
  let reservations = 0;
  afterAll(() => expect(reservations).toBeGreaterThan(50));

  prop.prop([fc.array(fc.tuple(operation, fc.integer({ min: 0, max: 3 })), { minLength: 20, maxLength: 80 })], { numRuns: 200 })(
    'across random histories no line is ever in two payouts, and every payout pays a positive total of its lines',
    (script) => {
      let day = 0;
      let n = 0;
      const conversions: Array<{ id: string; revenue: number; refunded: number }> = [];
      const payouts: string[] = [];
      const commands: AccountCommand[] = [];
      const closed = new Set<string>();
      for (const [step, advance] of script) {
        day += advance * 7;
        const now = dayOf2026(day);
        n += 1;
        switch (step.op) {
          case 'accrue': {
            const id = `c${n}`;
            conversions.push({ id, revenue: step.revenue, refunded: 0 });
            commands.push({ type: 'AccrueCommission', partnerId: 'p', agreementId: 'agr', referralId: `r${n}`, conversionId: id, revenue: eur(step.revenue), sourceEventId: `e${n}`, terms: terms(step.rate, step.hold), occurredAt: now });
            break;
          }
          case 'refund': {
            const conversion = conversions[step.which % Math.max(conversions.length, 1)];
            if (!conversion || conversion.refunded === conversion.revenue) break;
            const amount = Math.max(1, Math.min(conversion.revenue - conversion.refunded, Math.floor((conversion.revenue * step.share) / 100)));
            conversion.refunded += amount;
            commands.push({ type: 'ClawBack', partnerId: 'p', conversionId: conversion.id, refund: eur(amount), refundedToDate: eur(conversion.refunded), converted: eur(conversion.revenue), sourceEventId: `refund${n}`, occurredAt: now });
            break;
          }
          case 'close': {
            // Close every period that has ended and is not closed yet, oldest first.
            for (let d = 0; d + 31 <= day; d += 28) {
              const period = periodOfDay(d);
              if (period >= periodOfDay(day) || closed.has(period)) continue;
              closed.add(period);
              commands.push({ type: 'ClosePeriod', partnerId: 'p', period, agreements: [], occurredAt: now });
            }
            break;
          }
          case 'prepare': {
            const period = [...closed].sort().reverse()[step.back] ?? [...closed].sort().pop();
            if (!period) break;
            payouts.push(`pay${n}`);
            commands.push({ type: 'ReservePayoutLines', partnerId: 'p', payoutId: `pay${n}`, period, occurredAt: now });
            break;
          }
          case 'settle': {
            const payoutId = payouts[step.which % Math.max(payouts.length, 1)];
            if (payoutId) commands.push({ type: 'SettlePayout', partnerId: 'p', payoutId, bankReference: 'B', sourceEventId: `paid${n}`, occurredAt: now });
            break;
          }
          case 'adjust':
            commands.push({ type: 'PostAdjustment', partnerId: 'p', disputeId: `d${n}`, amount: eur(step.amount), reason: 'r', sourceEventId: `res${n}`, occurredAt: now });
            break;
        }
      }
      const events = run(commands);
      const amounts = new Map<string, number>();
      for (const e of events) {
        if (e.type === 'CommissionAccrued') amounts.set(e.data.lineId, e.data.commission.amount);
        if (e.type === 'CommissionClawedBack') amounts.set(e.data.lineId, -e.data.amount.amount);
        if (e.type === 'AdjustmentPosted') amounts.set(e.data.lineId, e.data.amount.amount);
      }
      const seen = new Set<string>();
      for (const e of events) {
        if (e.type !== 'PayoutLinesReserved') continue;
        reservations += 1;
        for (const lineId of e.data.lineIds) {
          expect(seen.has(lineId), `${lineId} reserved twice`).toBe(false);
          seen.add(lineId);
        }
        expect(e.data.total.amount).toBeGreaterThan(0);
        expect(e.data.lineIds.reduce((sum, id) => sum + amounts.get(id)!, 0)).toBe(e.data.total.amount);
      }
      // Clawbacks of any conversion never exceed its commission.
      const clawed = new Map<string, number>();
      for (const e of events) if (e.type === 'CommissionClawedBack') clawed.set(e.data.conversionId, (clawed.get(e.data.conversionId) ?? 0) + e.data.amount.amount);
      for (const e of events) {
        if (e.type !== 'CommissionAccrued') continue;
        const total = clawed.get(e.data.conversionId) ?? 0;
        expect(total).toBeLessThanOrEqual(e.data.commission.amount);
        const conversion = conversions.find((c) => c.id === e.data.conversionId)!;
        if (conversion.refunded === conversion.revenue) expect(total).toBe(e.data.commission.amount);
      }
    },
  );
});
