import {
  AdjustmentPosted,
  BonusAwarded,
  CommissionAccrued,
  CommissionCapped,
  CommissionClawedBack,
  PayoutSettled,
} from '../src/domain/account/account.events';
import type { Money } from '../src/domain/shared/money';
import type { ProjectionDefinition, ProjectionEvent, ReadModelWriter } from '../src/projection-engine/projection-definition';
import { dataOf } from './shared/event-data';
import { key, padPosition } from './shared/keys';

/**
 * Double-entry postings, one per money event, and running balances per account and currency.
 *
 * Chart of accounts (amounts are signed: debit positive, credit negative):
 * - accrual and bonus:  Dr commission-expense        / Cr partner-payable:{partnerId}
 * - clawback:           Dr clawback-receivable:{partnerId}   / Cr commission-expense (the accrual, reversed)
 * - cap:                Dr partner-payable:{partnerId} / Cr commission-expense   (the excess is never owed)
 * - adjustment:         Dr dispute-adjustments        / Cr partner-payable:{partnerId}
 * - negative adjustment: Dr adjustment-receivable:{partnerId} / Cr dispute-adjustments
 * - payout settled:     Dr partner-payable:{partnerId} (the total, plus the receivables of the lines it nets)
 *                                                          / Cr clawback- and adjustment-receivable:{partnerId}
 *                                                          / Cr cash (the total paid)
 * A clawback or a negative adjustment is money the partner owes back, a receivable, until a payout nets its line:
 * that payout pays less by the line, and the receivable is cleared against the payable. So the payable is always
 * what the unpaid positive lines add up to (less caps, decided at the close with the period's own accruals and paid
 * with them), and never a debit. (Version 3 let a clawback reduce the payable as far as its balance covered it: a
 * payout of the covering accrual that did not net the clawback line then left the payable in debit.)
 */
export const LEDGER = {
  posting: 'posting',
  balance: 'balance',
  /** The receivable part of a clawback or negative adjustment line, by line id, until a payout nets the line. */
  receivable: 'receivable',
} as const;

export const ACCOUNTS = {
  commissionExpense: 'commission-expense',
  disputeAdjustments: 'dispute-adjustments',
  cash: 'cash',
  partnerPayable: (partnerId: string) => `partner-payable:${partnerId}`,
  clawbackReceivable: (partnerId: string) => `clawback-receivable:${partnerId}`,
  adjustmentReceivable: (partnerId: string) => `adjustment-receivable:${partnerId}`,
} as const;

export interface ReceivableDoc {
  lineId: string;
  partnerId: string;
  /** The receivable account it was debited to (clawback- or adjustment-receivable). */
  account: string;
  /** Minor units owed back on this line. */
  amount: number;
  currency: string;
}

export interface PostingLine {
  account: string;
  /** Signed minor units: debit positive, credit negative. */
  amount: number;
  currency: string;
}

export interface PostingDoc {
  postingId: string;
  eventId: string;
  eventType: string;
  partnerId: string;
  lineId?: string;
  description: string;
  /** The event's $all position, exact, as a decimal string (the posting's key is it, zero-padded). */
  position: string;
  occurredAt: string;
  recordedAt: string;
  lines: PostingLine[];
}

export interface AccountBalanceDoc {
  account: string;
  currency: string;
  debit: number;
  credit: number;
  /** debit − credit. */
  balance: number;
}

export const balanceKey = (account: string, currency: string): string => key(account, currency);

export const ledgerProjection: ProjectionDefinition = {
  name: 'ledger',
  // 2: postings keyed by 20-digit positions (16 sorted ESDB positions past 10^16 wrongly), positions as strings.
  // 3: clawbacks of paid commission go to clawback-receivable, cleared by the payout that nets them.
  // 4: every clawback and negative adjustment is a receivable until netted (v3's split left payables in debit).
  version: 4,
  eventTypes: [
    CommissionAccrued.type,
    CommissionClawedBack.type,
    BonusAwarded.type,
    CommissionCapped.type,
    AdjustmentPosted.type,
    PayoutSettled.type,
  ],
  collections: { [LEDGER.posting]: 'large', [LEDGER.balance]: 'small', [LEDGER.receivable]: 'large' },
  handle(event, store) {
    switch (event.type) {
      case CommissionAccrued.type: {
        const data = dataOf(CommissionAccrued, event);
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `commission accrued on conversion ${data.conversionId}`, data.lineId, ACCOUNTS.commissionExpense, payable, data.commission);
        return;
      }
      case CommissionClawedBack.type: {
        const data = dataOf(CommissionClawedBack, event);
        const { amount, currency } = data.amount;
        const receivable = ACCOUNTS.clawbackReceivable(data.partnerId);
        keepReceivable(store, { lineId: data.lineId, partnerId: data.partnerId, account: receivable, amount, currency });
        post(store, event, data.partnerId, `commission clawed back on refund of ${data.conversionId}`, data.lineId, receivable, ACCOUNTS.commissionExpense, data.amount);
        return;
      }
      case BonusAwarded.type: {
        const data = dataOf(BonusAwarded, event);
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `${data.kind} bonus for ${data.period}`, data.lineId, ACCOUNTS.commissionExpense, payable, data.amount);
        return;
      }
      case CommissionCapped.type: {
        const data = dataOf(CommissionCapped, event);
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `commission over the cap for ${data.period}`, data.lineId, payable, ACCOUNTS.commissionExpense, data.amount);
        return;
      }
      case AdjustmentPosted.type: {
        const data = dataOf(AdjustmentPosted, event);
        const { amount, currency } = data.amount;
        const description = `adjustment from dispute ${data.disputeId}`;
        if (amount >= 0) {
          post(store, event, data.partnerId, description, data.lineId, ACCOUNTS.disputeAdjustments, ACCOUNTS.partnerPayable(data.partnerId), data.amount);
          return;
        }
        const receivable = ACCOUNTS.adjustmentReceivable(data.partnerId);
        keepReceivable(store, { lineId: data.lineId, partnerId: data.partnerId, account: receivable, amount: -amount, currency });
        post(store, event, data.partnerId, description, data.lineId, receivable, ACCOUNTS.disputeAdjustments, { amount: -amount, currency });
        return;
      }
      case PayoutSettled.type: {
        const data = dataOf(PayoutSettled, event);
        const { amount: total, currency } = data.total;
        // Cleared per receivable account, in the order of the chart: clawbacks, then adjustments.
        const netted = new Map<string, number>([
          [ACCOUNTS.clawbackReceivable(data.partnerId), 0],
          [ACCOUNTS.adjustmentReceivable(data.partnerId), 0],
        ]);
        for (const lineId of data.lineIds) {
          const receivable = store.get<ReceivableDoc>(LEDGER.receivable, lineId);
          if (receivable === undefined || receivable.currency !== currency) continue;
          netted.set(receivable.account, (netted.get(receivable.account) ?? 0) + receivable.amount);
          store.delete(LEDGER.receivable, lineId);
        }
        let nettedTotal = 0;
        for (const amount of netted.values()) nettedTotal += amount;
        postLines(store, event, data.partnerId, `payout ${data.payoutId} paid (${data.bankReference})`, undefined, [
          { account: ACCOUNTS.partnerPayable(data.partnerId), amount: total + nettedTotal, currency },
          ...[...netted].map(([account, amount]) => ({ account, amount: -amount, currency })),
          { account: ACCOUNTS.cash, amount: -total, currency },
        ]);
        return;
      }
    }
  },
};

/** Money the partner owes back on a line (a clawback, a negative adjustment), kept until a payout nets the line. */
function keepReceivable(store: ReadModelWriter, receivable: ReceivableDoc): void {
  if (receivable.amount > 0) store.put(LEDGER.receivable, receivable.lineId, receivable);
}

/** Debits `debitAccount` and credits `creditAccount` with the same (signed) money: balanced by construction. */
function post(
  store: ReadModelWriter,
  event: ProjectionEvent,
  partnerId: string,
  description: string,
  lineId: string | undefined,
  debitAccount: string,
  creditAccount: string,
  money: Money,
): void {
  postLines(store, event, partnerId, description, lineId, [
    { account: debitAccount, amount: money.amount, currency: money.currency },
    { account: creditAccount, amount: -money.amount, currency: money.currency },
  ]);
}

/** One posting of several lines; lines of zero are left out, and one that does not sum to zero is a bug. */
function postLines(
  store: ReadModelWriter,
  event: ProjectionEvent,
  partnerId: string,
  description: string,
  lineId: string | undefined,
  given: PostingLine[],
): void {
  const lines = given.filter((line) => line.amount !== 0);
  if (lines.length === 0) return;
  if (lines.reduce((sum, line) => sum + line.amount, 0) !== 0) throw new Error(`unbalanced posting for ${event.eventId}`);
  const posting: PostingDoc = {
    postingId: event.eventId,
    eventId: event.eventId,
    eventType: event.type,
    partnerId,
    description,
    position: String(event.position),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    lines,
  };
  if (lineId !== undefined) posting.lineId = lineId;
  store.put(LEDGER.posting, padPosition(event.position), posting);
  for (const line of lines) {
    const balanceDocKey = balanceKey(line.account, line.currency);
    const existing = store.get<AccountBalanceDoc>(LEDGER.balance, balanceDocKey);
    const debit = (existing?.debit ?? 0) + (line.amount > 0 ? line.amount : 0);
    const credit = (existing?.credit ?? 0) + (line.amount < 0 ? -line.amount : 0);
    store.put(LEDGER.balance, balanceDocKey, {
      account: line.account,
      currency: line.currency,
      debit,
      credit,
      balance: debit - credit,
    } satisfies AccountBalanceDoc);
  }
}
