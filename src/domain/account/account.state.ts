import type { Money } from '../shared/money';
import type { AccountEvent } from './account.events';

export type LineKind = 'accrual' | 'clawback' | 'bonus' | 'cap' | 'adjustment';

/** One money line of the account. `amount` is signed: what the line adds to what the partner is owed. */
export interface AccountLine {
  lineId: string;
  kind: LineKind;
  amount: Money;
  period: string;
  occurredAt: string;
  agreementId?: string;
  sourceEventId?: string;
  referralId?: string;
  conversionId?: string;
  /** Not payable before this instant: an accrual's hold, and the same hold for the clawbacks of that accrual. */
  payableFrom?: string;
  /** The payout whose lines include this one: a line is in at most one payout, ever. */
  reservedBy?: string;
  paid: boolean;
}

export interface Accrual {
  lineId: string;
  agreementId: string;
  referralId: string;
  conversionId: string;
  period: string;
  occurredAt: string;
  revenue: Money;
  commission: Money;
  termsVersion: number;
  payableFrom: string;
  /** Sum of the clawbacks of this accrual so far (minor units, positive). */
  clawedBack: number;
}

export interface PayoutReservation {
  payoutId: string;
  period: string;
  lineIds: string[];
  total: Money;
  settled: boolean;
}

export interface AccountState {
  partnerId: string | null;
  /** In the account's order (insertion order of the Map). */
  lines: Map<string, AccountLine>;
  /** By conversionId: one accrual per conversion, ever. */
  accruals: Map<string, Accrual>;
  /** Closed periods with the caps that were in force at the close (agreementId → cap). */
  closedPeriods: Map<string, Map<string, Money>>;
  payouts: Map<string, PayoutReservation>;
}

export function emptyAccount(): AccountState {
  return { partnerId: null, lines: new Map(), accruals: new Map(), closedPeriods: new Map(), payouts: new Map() };
}

const negate = (m: Money): Money => ({ amount: -m.amount, currency: m.currency });

/**
 * Folds one event into the state. An account can hold a very large number of lines, so evolve updates the state
 * it is given and returns it instead of copying every map per event: `fold` always starts from a fresh
 * `emptyAccount()` (the decider's initialState is a getter), and `decide` never mutates.
 */
export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'CommissionAccrued': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.lines.set(d.lineId, {
        lineId: d.lineId,
        kind: 'accrual',
        amount: d.commission,
        period: d.period,
        occurredAt: event.occurredAt,
        agreementId: d.agreementId,
        sourceEventId: d.sourceEventId,
        referralId: d.referralId,
        conversionId: d.conversionId,
        payableFrom: d.payableFrom,
        paid: false,
      });
      state.accruals.set(d.conversionId, {
        lineId: d.lineId,
        agreementId: d.agreementId,
        referralId: d.referralId,
        conversionId: d.conversionId,
        period: d.period,
        occurredAt: event.occurredAt,
        revenue: d.revenue,
        commission: d.commission,
        termsVersion: d.termsVersion,
        payableFrom: d.payableFrom,
        clawedBack: 0,
      });
      return state;
    }
    case 'CommissionClawedBack': {
      const d = event.data;
      state.partnerId = d.partnerId;
      const accrual = state.accruals.get(d.conversionId);
      if (accrual) accrual.clawedBack += d.amount.amount;
      state.lines.set(d.lineId, {
        lineId: d.lineId,
        kind: 'clawback',
        amount: negate(d.amount),
        period: d.period,
        occurredAt: event.occurredAt,
        agreementId: d.agreementId,
        sourceEventId: d.sourceEventId,
        referralId: d.referralId,
        conversionId: d.conversionId,
        ...(accrual ? { payableFrom: accrual.payableFrom } : {}),
        paid: false,
      });
      return state;
    }
    case 'BonusAwarded': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.lines.set(d.lineId, {
        lineId: d.lineId,
        kind: 'bonus',
        amount: d.amount,
        period: d.period,
        occurredAt: event.occurredAt,
        agreementId: d.agreementId,
        paid: false,
      });
      return state;
    }
    case 'CommissionCapped': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.lines.set(d.lineId, {
        lineId: d.lineId,
        kind: 'cap',
        amount: negate(d.amount),
        period: d.period,
        occurredAt: event.occurredAt,
        ...(d.agreementId !== undefined ? { agreementId: d.agreementId } : {}),
        paid: false,
      });
      return state;
    }
    case 'PeriodClosed': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.closedPeriods.set(d.period, new Map((d.caps ?? []).map((c) => [c.agreementId, c.cap])));
      return state;
    }
    case 'AdjustmentPosted': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.lines.set(d.lineId, {
        lineId: d.lineId,
        kind: 'adjustment',
        amount: d.amount,
        period: d.period,
        occurredAt: event.occurredAt,
        sourceEventId: d.sourceEventId,
        paid: false,
      });
      return state;
    }
    case 'PayoutLinesReserved': {
      const d = event.data;
      state.partnerId = d.partnerId;
      state.payouts.set(d.payoutId, { payoutId: d.payoutId, period: d.period, lineIds: d.lineIds, total: d.total, settled: false });
      for (const lineId of d.lineIds) {
        const line = state.lines.get(lineId);
        if (line) line.reservedBy = d.payoutId;
      }
      return state;
    }
    case 'PayoutSettled': {
      const d = event.data;
      state.partnerId = d.partnerId;
      const payout = state.payouts.get(d.payoutId);
      if (payout) payout.settled = true;
      for (const lineId of d.lineIds) {
        const line = state.lines.get(lineId);
        if (line) line.paid = true;
      }
      return state;
    }
  }
}
