import fc from 'fast-check';
import { applyBps, proRata } from '../../../src/domain/shared/money';
import { addDays, periodOf } from '../../../src/domain/shared/identifiers';
import {
  adjustmentPosted,
  agreementSigned,
  agreementTerminated,
  bonusAwarded,
  commissionAccrued,
  commissionCapped,
  commissionClawedBack,
  kpiBreached,
  kpiMeasured,
  partnerProposed,
  payoutSettled,
  periodClosed,
  referralConverted,
  referralRegistered,
  revenueRefunded,
  terminationRecommended,
  type GivenEvent,
} from '../../projections/support/ledger-events';

const KINDS = [
  'partner',
  'agreement',
  'referral',
  'conversion',
  'conversion',
  'conversion',
  'refund',
  'refund',
  'bonus',
  'cap',
  'adjustment',
  'payout',
  'payout',
  'kpi',
  'kpi',
  'terminate',
  'close',
] as const;
type OpKind = (typeof KINDS)[number];

/** A seed the interpreter turns into zero or more consistent events, given what happened before. */
export interface OpSeed {
  kind: OpKind;
  pick: number;
  pick2: number;
  amount: number;
  hoursLater: number;
}

export const opSeed: fc.Arbitrary<OpSeed> = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat({ max: 1000 }),
  pick2: fc.nat({ max: 1000 }),
  amount: fc.integer({ min: 1, max: 5_000_000 }),
  hoursLater: fc.integer({ min: 0, max: 24 * 20 }),
});

const PARTNERS = ['p1', 'p2', 'p3', 'p4'];
const CURRENCIES = ['EUR', 'USD'];
const METRICS = ['conversionRate', 'nps'];

interface Conversion {
  referralId: string;
  conversionId: string;
  partnerId: string;
  agreementId: string;
  revenue: number;
  currency: string;
  refunded: number;
  commission: number;
  clawedBack: number;
}

interface Line {
  partnerId: string;
  lineId: string;
  amount: number;
  currency: string;
}

/**
 * Interprets seeds against a small model of the business so every event is valid and ids are consistent:
 * conversions refer to registered referrals, refunds never exceed revenue, clawbacks are pro rata and never
 * exceed the commission, payouts only name unpaid lines of one currency, KPI streaks count up to the exit clause.
 */
export function scenarioFrom(seeds: readonly OpSeed[]): GivenEvent[] {
  const events: GivenEvent[] = [];
  let clock = Date.parse('2026-01-03T09:00:00.000Z');
  const proposed = new Set<string>();
  const signed = new Set<string>();
  const terminated = new Set<string>();
  const referrals: Array<{ referralId: string; partnerId: string; agreementId: string }> = [];
  const conversions: Conversion[] = [];
  const unpaid: Line[] = [];
  const once = new Set<string>();
  const streaks = new Map<string, number>();
  let serial = 0;

  for (const seed of seeds) {
    clock += seed.hoursLater * 3_600_000;
    const occurredAt = new Date(clock).toISOString();
    const period = periodOf(occurredAt);
    const emit = (...given: GivenEvent[]) => events.push(...given.map((event) => ({ ...event, occurredAt })));
    const partnerId = PARTNERS[seed.pick % PARTNERS.length]!;
    const agreementId = `agr-${partnerId}`;
    serial++;
    switch (seed.kind) {
      case 'partner':
        if (proposed.has(partnerId)) break;
        proposed.add(partnerId);
        emit(partnerProposed(partnerId));
        break;
      case 'agreement':
        if (signed.has(agreementId)) break;
        signed.add(agreementId);
        emit(agreementSigned(agreementId, partnerId, occurredAt));
        break;
      case 'referral': {
        const referralId = `r${serial}`;
        referrals.push({ referralId, partnerId, agreementId });
        emit(referralRegistered({ referralId, agreementId, partnerId }));
        break;
      }
      case 'conversion': {
        if (referrals.length === 0) break;
        const referral = referrals[seed.pick2 % referrals.length]!;
        const currency = CURRENCIES[seed.pick2 % CURRENCIES.length]!;
        const conversionId = `c${serial}`;
        const commission = applyBps(seed.amount, 1000);
        conversions.push({ ...referral, conversionId, revenue: seed.amount, currency, refunded: 0, commission, clawedBack: 0 });
        const held = seed.pick % 2 === 0;
        emit(
          referralConverted({ ...referral, conversionId, revenue: { amount: seed.amount, currency } }),
          commissionAccrued({
            partnerId: referral.partnerId,
            agreementId: referral.agreementId,
            referralId: referral.referralId,
            conversionId,
            period,
            commission: { amount: commission, currency },
            payableFrom: held ? addDays(occurredAt, 30) : occurredAt,
          }),
        );
        unpaid.push({ partnerId: referral.partnerId, lineId: `accrual:${conversionId}`, amount: commission, currency });
        break;
      }
      case 'refund': {
        const open = conversions.filter((conversion) => conversion.refunded < conversion.revenue);
        if (open.length === 0) break;
        const conversion = open[seed.pick2 % open.length]!;
        const remaining = conversion.revenue - conversion.refunded;
        const refund = (seed.amount % remaining) + 1;
        conversion.refunded += refund;
        const refundEventId = `refund-${serial}`;
        emit({
          ...revenueRefunded({
            ...conversion,
            refund: { amount: refund, currency: conversion.currency },
            refundedToDate: conversion.refunded,
            converted: conversion.revenue,
          }),
          eventId: refundEventId,
        });
        const due = proRata(conversion.commission, conversion.refunded, conversion.revenue) - conversion.clawedBack;
        if (due > 0) {
          conversion.clawedBack += due;
          emit(
            commissionClawedBack({
              partnerId: conversion.partnerId,
              conversionId: conversion.conversionId,
              refundEventId,
              period,
              amount: { amount: due, currency: conversion.currency },
              refund,
            }),
          );
          unpaid.push({ partnerId: conversion.partnerId, lineId: `clawback:${refundEventId}`, amount: -due, currency: conversion.currency });
        }
        break;
      }
      case 'bonus': {
        if (once.has(`bonus|${partnerId}|${period}`)) break;
        once.add(`bonus|${partnerId}|${period}`);
        const amount = seed.amount % 10_000;
        emit(bonusAwarded({ partnerId, period, amount, base: amount * 10 }));
        unpaid.push({ partnerId, lineId: `bonus:${agreementId}:${period}:retention`, amount, currency: 'EUR' });
        break;
      }
      case 'cap': {
        if (once.has(`cap|${partnerId}|${period}`)) break;
        once.add(`cap|${partnerId}|${period}`);
        const amount = (seed.amount % 5_000) + 1;
        emit(commissionCapped({ partnerId, period, amount, cap: 100_000 }));
        unpaid.push({ partnerId, lineId: `cap:${period}:EUR`, amount: -amount, currency: 'EUR' });
        break;
      }
      case 'adjustment': {
        const disputeId = `d${serial}`;
        const amount = (seed.amount % 20_001) - 10_000;
        emit(adjustmentPosted({ partnerId, disputeId, period, amount }));
        unpaid.push({ partnerId, lineId: `adjustment:${disputeId}`, amount, currency: 'EUR' });
        break;
      }
      case 'payout': {
        const currency = CURRENCIES[seed.pick2 % CURRENCIES.length]!;
        const lines = unpaid.filter((line) => line.partnerId === partnerId && line.currency === currency).slice(0, (seed.amount % 4) + 1);
        if (lines.length === 0) break;
        for (const line of lines) unpaid.splice(unpaid.indexOf(line), 1);
        const total = lines.reduce((sum, line) => sum + line.amount, 0);
        emit(payoutSettled({ partnerId, payoutId: `po${serial}`, lineIds: lines.map((line) => line.lineId), total: { amount: total, currency } }));
        break;
      }
      case 'kpi': {
        if (!signed.has(agreementId) || terminated.has(agreementId)) break;
        const metric = METRICS[seed.pick2 % METRICS.length]!;
        const missed = seed.amount % 3 !== 0;
        const value = missed ? 0.05 : 0.25;
        const streakKey = `${agreementId}|${metric}`;
        const streak = missed ? (streaks.get(streakKey) ?? 0) + 1 : 0;
        streaks.set(streakKey, streak);
        emit(kpiMeasured({ agreementId, partnerId, metric, period, value, missed }));
        if (missed) {
          emit(kpiBreached({ agreementId, partnerId, metric, period, value, consecutiveMisses: streak }));
          if (streak === 3) emit(terminationRecommended({ agreementId, partnerId, period, consecutiveMisses: streak }));
        }
        break;
      }
      case 'terminate':
        if (!signed.has(agreementId) || terminated.has(agreementId)) break;
        terminated.add(agreementId);
        emit(agreementTerminated(agreementId, partnerId));
        break;
      case 'close':
        if (once.has(`close|${partnerId}|${period}`)) break;
        once.add(`close|${partnerId}|${period}`);
        emit(periodClosed(partnerId, period));
        break;
    }
  }
  return events;
}
