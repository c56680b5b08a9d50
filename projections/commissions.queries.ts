import type { Money } from '../src/domain/shared/money';
import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import {
  COMMISSIONS,
  lineKey,
  summaryKey,
  type CommissionLineDoc,
  type CommissionLineKind,
  type CommissionSummaryDoc,
  type PeriodStatusDoc,
} from './commissions.projection';
import { isAfter, isAtOrBefore } from './shared/instants';
import { key } from './shared/keys';
import { listAll } from './shared/read-all';

export interface CommissionStatementQuery {
  partnerId: string;
  period: string;
  /** The instant holds are judged at: a line is inside its hold while payableFrom > at. */
  at: string;
  /** Only what was recorded by then (recordedAt ≤ asOf), payments included. Defaults to everything. */
  asOf?: string;
  /** Defaults to the first currency (alphabetically) in which the partner has lines in the period. */
  currency?: string;
}

export interface CommissionStatementLine {
  kind: CommissionLineKind;
  lineId: string;
  amount: Money;
  sourceEventId: string;
  eventId: string;
  referralId?: string;
  conversionId?: string;
  /** The terms version the line was computed under; null for a line no terms produced (a dispute adjustment). */
  termsVersion: number | null;
  rateBps?: number;
  payableFrom?: string;
  /** Still inside its hold at `at` (an accrual, or a clawback of a held accrual). */
  held: boolean;
  paid: boolean;
  payoutId?: string;
  occurredAt: string;
  recordedAt: string;
}

/** API.md's commissions shape. */
export interface CommissionStatement {
  partnerId: string;
  period: string;
  currency: string;
  /** Other currencies in which the partner has lines in this period (a statement is in one currency). */
  otherCurrencies: string[];
  closed: boolean;
  accrued: Money;
  clawedBack: Money;
  bonuses: Money;
  adjustments: Money;
  capped: Money;
  /** Signed sum of the lines still inside their hold at `at` (an accrual, less what was clawed back from it). */
  held: Money;
  payable: Money;
  paid: Money;
  balance: Money;
  lines: CommissionStatementLine[];
}

/**
 * payable = accrued − clawedBack + bonuses + adjustments − capped − held; balance = payable − paid.
 * Null when the partner has no line in the period and no currency was asked for (nothing to say which).
 */
export function commissionStatement(reader: ReadModelReader, query: CommissionStatementQuery): CommissionStatement | null {
  const { partnerId, period, at, asOf } = query;
  const currencies = [
    ...listAll<CommissionSummaryDoc>(reader, COMMISSIONS.summary, key(partnerId, period, '')),
  ].map((entry) => entry.doc.currency);
  const candidates = query.currency !== undefined ? [query.currency] : currencies;
  let chosen: { currency: string; lines: CommissionLineDoc[] } | undefined;
  for (const currency of candidates) {
    const lines = [...listAll<CommissionLineDoc>(reader, COMMISSIONS.line, key(partnerId, period, currency, ''))]
      .map((entry) => entry.doc)
      .filter((line) => asOf === undefined || isAtOrBefore(line.recordedAt, asOf));
    if (lines.length > 0 || query.currency !== undefined) {
      chosen = { currency, lines };
      break;
    }
  }
  if (!chosen) return null;
  const { currency, lines } = chosen;

  const totals = { accrual: 0, clawback: 0, bonus: 0, cap: 0, adjustment: 0 };
  let paid = 0;
  // Signed sum of the lines inside their hold: a clawback of a held accrual is held with it, so it takes
  // back from the held amount instead of from what is payable now (the account reckons it the same way).
  let held = 0;
  const statementLines: CommissionStatementLine[] = [];
  for (const line of lines) {
    totals[line.kind] += line.amount;
    const isPaid = line.paid !== undefined && (asOf === undefined || isAtOrBefore(line.paid.recordedAt, asOf));
    if (isPaid) paid += line.amount;
    const isHeld = line.payableFrom !== undefined && isAfter(line.payableFrom, at);
    if (isHeld) held += line.amount;
    statementLines.push(toStatementLine(line, currency, isHeld, isPaid));
  }

  const accrued = totals.accrual;
  const clawedBack = 0 - totals.clawback;
  const capped = 0 - totals.cap;
  const payable = accrued - clawedBack + totals.bonus + totals.adjustment - capped - held;
  const status = reader.get<PeriodStatusDoc>(COMMISSIONS.periodStatus, key(partnerId, period));
  const closed = status !== undefined && status.closed && (asOf === undefined || isAtOrBefore(status.recordedAt, asOf));
  const money = (amount: number): Money => ({ amount, currency });
  return {
    partnerId,
    period,
    currency,
    otherCurrencies: currencies.filter((other) => other !== currency),
    closed,
    accrued: money(accrued),
    clawedBack: money(clawedBack),
    bonuses: money(totals.bonus),
    adjustments: money(totals.adjustment),
    capped: money(capped),
    held: money(held),
    payable: money(payable),
    paid: money(paid),
    balance: money(payable - paid),
    lines: statementLines,
  };
}

/** The partner's periods with commission activity, newest first, with running totals (no hold applied). */
export function commissionPeriods(reader: ReadModelReader, partnerId: string): CommissionSummaryDoc[] {
  return [...listAll<CommissionSummaryDoc>(reader, COMMISSIONS.summary, key(partnerId, ''))]
    .map((entry) => entry.doc)
    .sort((a, b) => (a.period === b.period ? a.currency.localeCompare(b.currency) : b.period.localeCompare(a.period)));
}

/** One line by its account line id (e.g. for explaining a payout line). */
export function commissionLine(reader: ReadModelReader, partnerId: string, lineId: string): CommissionLineDoc | undefined {
  const ref = reader.get<{ period: string; currency: string }>(COMMISSIONS.lineRef, key(partnerId, lineId));
  return ref && reader.get<CommissionLineDoc>(COMMISSIONS.line, key(partnerId, ref.period, ref.currency, lineId));
}

/** A line id with the period and currency its owner says it has (a payout line carries both). */
export interface CommissionLineAddress {
  lineId: string;
  period: string;
  currency: string;
}

/**
 * Many lines of one partner by account line id (a payout's, to explain them), found as `commissionLine` finds
 * them. A line id is posted once per account, so the line under the period and currency its caller names is
 * that line: one read instead of the line-ref's two. Where the lines asked for are most of a period's (a payout
 * usually pays a whole period), the period's lines are read in one range instead, and a line not where it was
 * said to be is looked up by its line-ref. Lines that do not exist are absent from the map.
 */
export function commissionLinesOf(
  reader: ReadModelReader,
  partnerId: string,
  lines: readonly CommissionLineAddress[],
): Map<string, CommissionLineDoc> {
  const found = new Map<string, CommissionLineDoc>();
  const groups = new Map<string, { period: string; currency: string; lineIds: Set<string> }>();
  for (const { lineId, period, currency } of lines) {
    const groupKey = summaryKey(partnerId, period, currency);
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { period, currency, lineIds: new Set() }));
    group.lineIds.add(lineId);
  }
  for (const [groupKey, { period, currency, lineIds }] of groups) {
    let rangeRead = false;
    if (lineIds.size >= RANGE_READ_MIN_LINES) {
      // The summary counts the period's lines: read the range only when it holds little besides these.
      const total = reader.get<CommissionSummaryDoc>(COMMISSIONS.summary, groupKey)?.lines ?? 0;
      if (total <= RANGE_READ_MAX_SPARE * lineIds.size) {
        rangeRead = true;
        for (const { doc } of listAll<CommissionLineDoc>(reader, COMMISSIONS.line, key(groupKey, ''))) {
          if (lineIds.has(doc.lineId)) found.set(doc.lineId, doc);
        }
      }
    }
    for (const lineId of lineIds) {
      if (found.has(lineId)) continue;
      const line =
        (rangeRead ? undefined : reader.get<CommissionLineDoc>(COMMISSIONS.line, lineKey(partnerId, period, currency, lineId))) ??
        commissionLine(reader, partnerId, lineId);
      if (line) found.set(lineId, line);
    }
  }
  return found;
}

/** Below this many lines of one period, one read per line costs less than a range and the summary it needs. */
const RANGE_READ_MIN_LINES = 4;
/** A range is read when the period holds at most this many times the lines asked for. */
const RANGE_READ_MAX_SPARE = 2;

function toStatementLine(line: CommissionLineDoc, currency: string, held: boolean, paid: boolean): CommissionStatementLine {
  const out: CommissionStatementLine = {
    kind: line.kind,
    lineId: line.lineId,
    amount: { amount: line.amount, currency },
    sourceEventId: line.sourceEventId,
    eventId: line.eventId,
    termsVersion: line.termsVersion ?? null,
    held,
    paid,
    occurredAt: line.occurredAt,
    recordedAt: line.recordedAt,
  };
  if (line.referralId !== undefined) out.referralId = line.referralId;
  if (line.conversionId !== undefined) out.conversionId = line.conversionId;
  if (line.rateBps !== undefined) out.rateBps = line.rateBps;
  if (line.payableFrom !== undefined) out.payableFrom = line.payableFrom;
  if (paid && line.paid) out.payoutId = line.paid.payoutId;
  return out;
}
