import { streams } from '../../../src/domain/stream-names';
import type { Money } from '../../../src/domain/shared/money';

/** An event as a test states it: type, payload and stream; everything else defaults sensibly. */
export interface GivenEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt?: string;
  /** Appended at this instant (the store's clock never goes back). */
  recordedAt?: string;
  eventId?: string;
  correlationId?: string;
  causationId?: string | null;
  actor?: { principalId: string; role: string };
  reason?: string;
  /** An older schema version, stored as such (the engine upcasts it on read). */
  schemaVersion?: number;
}

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });

export function partnerProposed(partnerId: string): GivenEvent {
  return { streamId: streams.partner(partnerId), type: 'PartnerProposed', data: { partnerId, name: `Partner ${partnerId}` } };
}

export function agreementSigned(agreementId: string, partnerId: string, effectiveFrom = '2026-01-01T00:00:00.000Z'): GivenEvent {
  return {
    streamId: streams.agreement(agreementId),
    type: 'AgreementSigned',
    data: {
      agreementId,
      partnerId,
      termsVersion: 1,
      effectiveFrom,
      terms: {
        currency: 'EUR',
        commission: { type: 'percentage', rateBps: 1000 },
        attributionWindowDays: 90,
        holdDays: 0,
        bonuses: [],
        kpis: [{ metric: 'conversionRate', target: { min: 0.1 } }],
        exit: { consecutiveMisses: 3 },
      },
    },
  };
}

export function agreementTerminated(agreementId: string, partnerId: string, reason = 'KPI breaches'): GivenEvent {
  return { streamId: streams.agreement(agreementId), type: 'AgreementTerminated', data: { agreementId, partnerId, reason } };
}

export function kpiMeasured(o: { agreementId: string; partnerId: string; metric?: string; period: string; value: number; missed: boolean }): GivenEvent {
  return {
    streamId: streams.agreement(o.agreementId),
    type: 'KpiMeasured',
    data: {
      agreementId: o.agreementId,
      partnerId: o.partnerId,
      metric: o.metric ?? 'conversionRate',
      period: o.period,
      value: o.value,
      target: { min: 0.1 },
      missed: o.missed,
    },
  };
}

export function kpiBreached(o: { agreementId: string; partnerId: string; metric?: string; period: string; value: number; consecutiveMisses: number }): GivenEvent {
  return {
    streamId: streams.agreement(o.agreementId),
    type: 'KpiBreached',
    data: {
      agreementId: o.agreementId,
      partnerId: o.partnerId,
      metric: o.metric ?? 'conversionRate',
      period: o.period,
      value: o.value,
      target: { min: 0.1 },
      consecutiveMisses: o.consecutiveMisses,
    },
  };
}

export function terminationRecommended(o: { agreementId: string; partnerId: string; period: string; consecutiveMisses: number }): GivenEvent {
  return {
    streamId: streams.agreement(o.agreementId),
    type: 'TerminationRecommended',
    data: {
      agreementId: o.agreementId,
      partnerId: o.partnerId,
      metric: 'conversionRate',
      period: o.period,
      consecutiveMisses: o.consecutiveMisses,
      threshold: 3,
    },
  };
}

export function referralRegistered(o: { referralId: string; agreementId: string; partnerId: string; customerId?: string }): GivenEvent {
  return {
    streamId: streams.referral(o.referralId),
    type: 'ReferralRegistered',
    data: { referralId: o.referralId, agreementId: o.agreementId, partnerId: o.partnerId, customerId: o.customerId ?? `cust-${o.referralId}` },
  };
}

export function referralConverted(o: {
  referralId: string;
  conversionId: string;
  agreementId: string;
  partnerId: string;
  revenue: number | Money;
  customerId?: string;
}): GivenEvent {
  return {
    streamId: streams.referral(o.referralId),
    type: 'ReferralConverted',
    data: {
      referralId: o.referralId,
      conversionId: o.conversionId,
      agreementId: o.agreementId,
      partnerId: o.partnerId,
      customerId: o.customerId ?? `cust-${o.referralId}`,
      revenue: typeof o.revenue === 'number' ? eur(o.revenue) : o.revenue,
    },
  };
}

export function revenueRefunded(o: {
  referralId: string;
  conversionId: string;
  agreementId: string;
  partnerId: string;
  refund: number | Money;
  refundedToDate: number;
  converted: number;
}): GivenEvent {
  const refund = typeof o.refund === 'number' ? eur(o.refund) : o.refund;
  return {
    streamId: streams.referral(o.referralId),
    type: 'RevenueRefunded',
    data: {
      referralId: o.referralId,
      conversionId: o.conversionId,
      agreementId: o.agreementId,
      partnerId: o.partnerId,
      refund,
      refundedToDate: { amount: o.refundedToDate, currency: refund.currency },
      converted: { amount: o.converted, currency: refund.currency },
    },
  };
}

export function commissionAccrued(o: {
  partnerId: string;
  conversionId: string;
  period: string;
  commission: number | Money;
  payableFrom?: string;
  referralId?: string;
  agreementId?: string;
  rateBps?: number;
  termsVersion?: number;
  sourceEventId?: string;
}): GivenEvent {
  const commission = typeof o.commission === 'number' ? eur(o.commission) : o.commission;
  const rateBps = o.rateBps ?? 1000;
  return {
    streamId: streams.account(o.partnerId),
    type: 'CommissionAccrued',
    data: {
      partnerId: o.partnerId,
      lineId: `accrual:${o.conversionId}`,
      period: o.period,
      agreementId: o.agreementId ?? `agr-${o.partnerId}`,
      referralId: o.referralId ?? `ref-${o.conversionId}`,
      conversionId: o.conversionId,
      sourceEventId: o.sourceEventId ?? `evt-conversion-${o.conversionId}`,
      revenue: { amount: Math.round((commission.amount * 10_000) / Math.max(rateBps, 1)), currency: commission.currency },
      commission,
      termsVersion: o.termsVersion ?? 1,
      commissionType: 'percentage',
      rateBps,
      payableFrom: o.payableFrom ?? `${o.period}-01T00:00:00.000Z`,
    },
  };
}

export function commissionClawedBack(o: {
  partnerId: string;
  conversionId: string;
  refundEventId: string;
  period: string;
  amount: number | Money;
  refund?: number;
}): GivenEvent {
  const amount = typeof o.amount === 'number' ? eur(o.amount) : o.amount;
  return {
    streamId: streams.account(o.partnerId),
    type: 'CommissionClawedBack',
    data: {
      partnerId: o.partnerId,
      lineId: `clawback:${o.refundEventId}`,
      period: o.period,
      agreementId: `agr-${o.partnerId}`,
      referralId: `ref-${o.conversionId}`,
      conversionId: o.conversionId,
      sourceEventId: o.refundEventId,
      accrualLineId: `accrual:${o.conversionId}`,
      amount,
      refund: { amount: o.refund ?? amount.amount * 10, currency: amount.currency },
      termsVersion: 1,
    },
  };
}

export function bonusAwarded(o: { partnerId: string; agreementId?: string; period: string; amount: number; base: number; bonusBps?: number }): GivenEvent {
  const agreementId = o.agreementId ?? `agr-${o.partnerId}`;
  return {
    streamId: streams.account(o.partnerId),
    type: 'BonusAwarded',
    data: {
      partnerId: o.partnerId,
      lineId: `bonus:${agreementId}:${o.period}:retention`,
      period: o.period,
      agreementId,
      kind: 'retention',
      bonusBps: o.bonusBps ?? 1000,
      base: eur(o.base),
      amount: eur(o.amount),
      termsVersion: 1,
      evidence: { retentionRate: 0.85 },
    },
  };
}

export function commissionCapped(o: { partnerId: string; period: string; amount: number; cap: number }): GivenEvent {
  return {
    streamId: streams.account(o.partnerId),
    type: 'CommissionCapped',
    data: { partnerId: o.partnerId, lineId: `cap:${o.period}:EUR`, period: o.period, cap: eur(o.cap), amount: eur(o.amount) },
  };
}

export function adjustmentPosted(o: { partnerId: string; disputeId: string; period: string; amount: number }): GivenEvent {
  return {
    streamId: streams.account(o.partnerId),
    type: 'AdjustmentPosted',
    data: {
      partnerId: o.partnerId,
      lineId: `adjustment:${o.disputeId}`,
      period: o.period,
      disputeId: o.disputeId,
      sourceEventId: `evt-resolution-${o.disputeId}`,
      amount: eur(o.amount),
      reason: 'dispute resolved',
    },
  };
}

export function periodClosed(partnerId: string, period: string): GivenEvent {
  return { streamId: streams.account(partnerId), type: 'PeriodClosed', data: { partnerId, period } };
}

export function payoutSettled(o: { partnerId: string; payoutId: string; lineIds: string[]; total: number | Money }): GivenEvent {
  return {
    streamId: streams.account(o.partnerId),
    type: 'PayoutSettled',
    data: {
      partnerId: o.partnerId,
      payoutId: o.payoutId,
      lineIds: o.lineIds,
      total: typeof o.total === 'number' ? eur(o.total) : o.total,
      bankReference: `BANK-${o.payoutId}`,
      sourceEventId: `evt-paid-${o.payoutId}`,
    },
  };
}
