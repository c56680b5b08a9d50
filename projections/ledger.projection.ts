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
 * - clawback:           Dr partner-payable:{partnerId} / Cr commission-expense   (the accrual, reversed)
 * - cap:                Dr partner-payable:{partnerId} / Cr commission-expense   (the excess is never owed)
 * - adjustment:         Dr dispute-adjustments        / Cr partner-payable:{partnerId} (signed: a negative one reverses)
 * - payout settled:     Dr partner-payable:{partnerId} / Cr cash
 * A debit balance on a partner's payable account is money the partner owes back (a clawback after payment),
 * netted against later payouts.
 */
export const LEDGER = {
  posting: 'posting',
  balance: 'balance',
} as const;

export const ACCOUNTS = {
  commissionExpense: 'commission-expense',
  disputeAdjustments: 'dispute-adjustments',
  cash: 'cash',
  partnerPayable: (partnerId: string) => `partner-payable:${partnerId}`,
} as const;

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
  version: 2,
  eventTypes: [
    CommissionAccrued.type,
    CommissionClawedBack.type,
    BonusAwarded.type,
    CommissionCapped.type,
    AdjustmentPosted.type,
    PayoutSettled.type,
  ],
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
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `commission clawed back on refund of ${data.conversionId}`, data.lineId, payable, ACCOUNTS.commissionExpense, data.amount);
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
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `adjustment from dispute ${data.disputeId}`, data.lineId, ACCOUNTS.disputeAdjustments, payable, data.amount);
        return;
      }
      case PayoutSettled.type: {
        const data = dataOf(PayoutSettled, event);
        const payable = ACCOUNTS.partnerPayable(data.partnerId);
        post(store, event, data.partnerId, `payout ${data.payoutId} paid (${data.bankReference})`, undefined, payable, ACCOUNTS.cash, data.total);
        return;
      }
    }
  },
};

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
  if (money.amount === 0) return;
  const lines: PostingLine[] = [
    { account: debitAccount, amount: money.amount, currency: money.currency },
    { account: creditAccount, amount: -money.amount, currency: money.currency },
  ];
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
