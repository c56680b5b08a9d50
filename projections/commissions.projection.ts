import {
  AdjustmentPosted,
  BonusAwarded,
  CommissionAccrued,
  CommissionCapped,
  CommissionClawedBack,
  PayoutSettled,
  PeriodClosed,
} from '../src/domain/account/account.events';
import type { Money } from '../src/domain/shared/money';
import type { ProjectionDefinition, ProjectionEvent, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key } from './shared/keys';

/**
 * Commissions per partner, period (of each line) and currency. Each money line is its own document, so a
 * partner with a million conversions never has a million-element document; the summary holds running totals.
 * Everything that depends on "now" (the hold) or on "as of" is computed by the query from the line documents,
 * which carry their own times.
 */
export const COMMISSIONS = {
  summary: 'summary',
  line: 'line',
  lineRef: 'line-ref',
  periodStatus: 'period-status',
} as const;

export type CommissionLineKind = 'accrual' | 'clawback' | 'bonus' | 'cap' | 'adjustment';

export interface CommissionLineDoc {
  kind: CommissionLineKind;
  lineId: string;
  partnerId: string;
  period: string;
  currency: string;
  /** Signed minor units: what the line adds to what the partner is owed (clawbacks and caps are negative). */
  amount: number;
  /** The business event behind the line (conversion, refund, dispute resolution; the award itself for bonuses and caps). */
  sourceEventId: string;
  /** The account event that posted the line. */
  eventId: string;
  referralId?: string;
  conversionId?: string;
  termsVersion?: number;
  rateBps?: number;
  /**
   * Not payable before this instant (the hold). Accruals carry it, and a clawback inherits its accrual's, so
   * that a refund during the hold takes back from the held amount, as the account itself reckons it.
   */
  payableFrom?: string;
  /** Clawbacks: the accrual they take back from. */
  accrualLineId?: string;
  occurredAt: string;
  recordedAt: string;
  /** $all position of the account event, exact, as a decimal string. */
  position: string;
  /** Revision of the account event in its stream (a payout's lines are read from the account as ranges). */
  revision: number;
  paid?: { payoutId: string; eventId: string; recordedAt: string; position: string };
}

export interface CommissionSummaryDoc {
  partnerId: string;
  period: string;
  currency: string;
  accrued: number;
  clawedBack: number;
  bonuses: number;
  adjustments: number;
  capped: number;
  paid: number;
  lines: number;
}

export interface PeriodStatusDoc {
  partnerId: string;
  period: string;
  closed: boolean;
  /** Business time of the close. */
  closedAt: string;
  recordedAt: string;
}

interface LineRefDoc {
  period: string;
  currency: string;
}

type SummaryField = 'accrued' | 'clawedBack' | 'bonuses' | 'adjustments' | 'capped';

export const summaryKey = (partnerId: string, period: string, currency: string): string => key(partnerId, period, currency);
export const lineKey = (partnerId: string, period: string, currency: string, lineId: string): string =>
  key(partnerId, period, currency, lineId);

export const commissionsProjection: ProjectionDefinition = {
  name: 'commissions',
  // 2: line positions as exact decimal strings (numbers lost precision past 2^53). 3: the event's revision.
  version: 3,
  eventTypes: [
    CommissionAccrued.type,
    CommissionClawedBack.type,
    BonusAwarded.type,
    CommissionCapped.type,
    AdjustmentPosted.type,
    PayoutSettled.type,
    PeriodClosed.type,
  ],
  collections: {
    [COMMISSIONS.summary]: 'large',
    [COMMISSIONS.line]: 'large',
    [COMMISSIONS.lineRef]: 'small',
    [COMMISSIONS.periodStatus]: 'large',
  },
  handle(event, store) {
    switch (event.type) {
      case CommissionAccrued.type: {
        const data = dataOf(CommissionAccrued, event);
        const line = newLine(event, 'accrual', data.lineId, data.partnerId, data.period, data.commission, data.sourceEventId);
        line.referralId = data.referralId;
        line.conversionId = data.conversionId;
        line.termsVersion = data.termsVersion;
        line.payableFrom = data.payableFrom;
        if (data.rateBps !== undefined) line.rateBps = data.rateBps;
        addLine(store, line, 'accrued', data.commission.amount);
        return;
      }
      case CommissionClawedBack.type: {
        const data = dataOf(CommissionClawedBack, event);
        const line = newLine(event, 'clawback', data.lineId, data.partnerId, data.period, negated(data.amount), data.sourceEventId);
        line.referralId = data.referralId;
        line.conversionId = data.conversionId;
        line.termsVersion = data.termsVersion;
        line.accrualLineId = data.accrualLineId;
        const payableFrom = findLine(store, data.partnerId, data.accrualLineId)?.payableFrom;
        if (payableFrom !== undefined) line.payableFrom = payableFrom;
        addLine(store, line, 'clawedBack', data.amount.amount);
        return;
      }
      case BonusAwarded.type: {
        const data = dataOf(BonusAwarded, event);
        const line = newLine(event, 'bonus', data.lineId, data.partnerId, data.period, data.amount, event.eventId);
        line.termsVersion = data.termsVersion;
        line.rateBps = data.bonusBps;
        addLine(store, line, 'bonuses', data.amount.amount);
        return;
      }
      case CommissionCapped.type: {
        const data = dataOf(CommissionCapped, event);
        const line = newLine(event, 'cap', data.lineId, data.partnerId, data.period, negated(data.amount), event.eventId);
        if (data.termsVersion !== undefined) line.termsVersion = data.termsVersion;
        addLine(store, line, 'capped', data.amount.amount);
        return;
      }
      case AdjustmentPosted.type: {
        const data = dataOf(AdjustmentPosted, event);
        addLine(store, newLine(event, 'adjustment', data.lineId, data.partnerId, data.period, data.amount, data.sourceEventId), 'adjustments', data.amount.amount);
        return;
      }
      case PayoutSettled.type: {
        const data = dataOf(PayoutSettled, event);
        for (const lineId of data.lineIds) markPaid(store, event, data.partnerId, data.payoutId, lineId);
        return;
      }
      case PeriodClosed.type: {
        const data = dataOf(PeriodClosed, event);
        const status: PeriodStatusDoc = {
          partnerId: data.partnerId,
          period: data.period,
          closed: true,
          closedAt: event.occurredAt,
          recordedAt: event.recordedAt,
        };
        store.put(COMMISSIONS.periodStatus, key(data.partnerId, data.period), status);
        return;
      }
    }
  },
};

/**
 * A line with the fields every kind has, in one object literal; each kind then sets its own. (Spreading a base
 * object into a literal with the rest, as this did before, took the commissions' rebuild alone 10.3–11.7 s at 1M
 * events against 6.9–7.7 s this way, same-process A/B.)
 */
function newLine(
  event: ProjectionEvent,
  kind: CommissionLineKind,
  lineId: string,
  partnerId: string,
  period: string,
  amount: Money,
  sourceEventId: string,
): CommissionLineDoc {
  return {
    kind,
    lineId,
    partnerId,
    period,
    currency: amount.currency,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    position: String(event.position),
    revision: event.revision,
    amount: amount.amount,
    sourceEventId,
  };
}

/** What a clawback or a cap takes away: the line's signed amount. */
function negated(amount: Money): Money {
  return { amount: -amount.amount, currency: amount.currency };
}

function addLine(store: ReadModelWriter, line: CommissionLineDoc, field: SummaryField, magnitude: number): void {
  const lineDocKey = lineKey(line.partnerId, line.period, line.currency, line.lineId);
  // Line ids are the account's idempotency keys: a line seen twice is the same line.
  if (store.get(COMMISSIONS.line, lineDocKey) !== undefined) return;
  store.put(COMMISSIONS.line, lineDocKey, line);
  const ref: LineRefDoc = { period: line.period, currency: line.currency };
  store.put(COMMISSIONS.lineRef, key(line.partnerId, line.lineId), ref);
  const summary = summaryOf(store, line.partnerId, line.period, line.currency);
  summary[field] += magnitude;
  summary.lines += 1;
  store.put(COMMISSIONS.summary, summaryKey(line.partnerId, line.period, line.currency), summary);
}

function findLine(store: ReadModelWriter, partnerId: string, lineId: string): CommissionLineDoc | undefined {
  const ref = store.get<LineRefDoc>(COMMISSIONS.lineRef, key(partnerId, lineId));
  return ref && store.get<CommissionLineDoc>(COMMISSIONS.line, lineKey(partnerId, ref.period, ref.currency, lineId));
}

function markPaid(store: ReadModelWriter, event: ProjectionEvent, partnerId: string, payoutId: string, lineId: string): void {
  const ref = store.get<LineRefDoc>(COMMISSIONS.lineRef, key(partnerId, lineId));
  if (!ref) return;
  const lineDocKey = lineKey(partnerId, ref.period, ref.currency, lineId);
  const line = store.get<CommissionLineDoc>(COMMISSIONS.line, lineDocKey);
  // Paid at most once, ever: a second settlement naming the line changes nothing here.
  if (!line || line.paid) return;
  store.put(COMMISSIONS.line, lineDocKey, {
    ...line,
    paid: { payoutId, eventId: event.eventId, recordedAt: event.recordedAt, position: String(event.position) },
  });
  const summary = summaryOf(store, partnerId, ref.period, ref.currency);
  summary.paid += line.amount;
  store.put(COMMISSIONS.summary, summaryKey(partnerId, ref.period, ref.currency), summary);
}

function summaryOf(store: ReadModelWriter, partnerId: string, period: string, currency: string): CommissionSummaryDoc {
  const existing = store.get<CommissionSummaryDoc>(COMMISSIONS.summary, summaryKey(partnerId, period, currency));
  return existing
    ? { ...existing }
    : { partnerId, period, currency, accrued: 0, clawedBack: 0, bonuses: 0, adjustments: 0, capped: 0, paid: 0, lines: 0 };
}
