import type { Money } from '../src/domain/shared/money';
import type { ReadModelReader } from '../src/projection-engine/projection-definition';
import { LEDGER, type AccountBalanceDoc, type PostingDoc } from './ledger.projection';
import { isAtOrBefore } from './shared/instants';
import { listAll } from './shared/read-all';

export interface TrialBalanceRow {
  account: string;
  currency: string;
  debit: Money;
  credit: Money;
  /** debit − credit. */
  balance: Money;
}

export interface TrialBalance {
  asOf?: string;
  accounts: TrialBalanceRow[];
  /** Per currency: total debits, total credits, and their difference, which double entry keeps at 0. */
  totals: Array<{ currency: string; debit: Money; credit: Money; balance: Money }>;
}

/**
 * Balances per account and currency. Without asOf, from the running balances; with asOf, by summing the
 * postings recorded by then (recordedAt never decreases along $all, so the scan stops at the first later one).
 */
export function trialBalance(reader: ReadModelReader, options: { asOf?: string } = {}): TrialBalance {
  const sums = new Map<string, { account: string; currency: string; debit: number; credit: number }>();
  if (options.asOf === undefined) {
    for (const { doc } of listAll<AccountBalanceDoc>(reader, LEDGER.balance, '')) {
      sums.set(`${doc.account}|${doc.currency}`, { account: doc.account, currency: doc.currency, debit: doc.debit, credit: doc.credit });
    }
  } else {
    for (const { doc } of listAll<PostingDoc>(reader, LEDGER.posting, '')) {
      if (!isAtOrBefore(doc.recordedAt, options.asOf)) break;
      for (const line of doc.lines) {
        const id = `${line.account}|${line.currency}`;
        const sum = sums.get(id) ?? { account: line.account, currency: line.currency, debit: 0, credit: 0 };
        if (line.amount > 0) sum.debit += line.amount;
        else sum.credit -= line.amount;
        sums.set(id, sum);
      }
    }
  }
  const rows = [...sums.values()].sort((a, b) =>
    a.account === b.account ? compare(a.currency, b.currency) : compare(a.account, b.account),
  );
  const totals = new Map<string, { debit: number; credit: number }>();
  const accounts = rows.map((row) => {
    const total = totals.get(row.currency) ?? { debit: 0, credit: 0 };
    total.debit += row.debit;
    total.credit += row.credit;
    totals.set(row.currency, total);
    return {
      account: row.account,
      currency: row.currency,
      debit: { amount: row.debit, currency: row.currency },
      credit: { amount: row.credit, currency: row.currency },
      balance: { amount: row.debit - row.credit, currency: row.currency },
    };
  });
  const result: TrialBalance = {
    accounts,
    totals: [...totals.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([currency, total]) => ({
        currency,
        debit: { amount: total.debit, currency },
        credit: { amount: total.credit, currency },
        balance: { amount: total.debit - total.credit, currency },
      })),
  };
  if (options.asOf !== undefined) result.asOf = options.asOf;
  return result;
}

/** Postings in $all order, a page at a time. */
export function postings(reader: ReadModelReader, options: { after?: string; limit?: number } = {}): PostingDoc[] {
  return reader.list<PostingDoc>(LEDGER.posting, '', { after: options.after, limit: options.limit ?? 100 }).map((entry) => entry.doc);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
