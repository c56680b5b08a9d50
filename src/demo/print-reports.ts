import type { DemoClient } from './demo-client';
import { formatMoney } from './print-statement';

interface MoneyJson {
  amount: number;
  currency: string;
}

/** What reporting and the auditor see after the stories: leaderboard, alerts, one payout, the trial balance. */
export async function printReports(api: DemoClient): Promise<void> {
  const board = await api.get<{ rank: number; partnerId: string; value: MoneyJson | number }[]>(
    '/v1/leaderboards?period=2026-09&metric=revenue&limit=5',
    api.keys.auditor,
  );
  console.log('\n■ Leaderboard, September 2026, by net revenue');
  for (const row of board) {
    const value = typeof row.value === 'number' ? String(row.value) : formatMoney(row.value);
    console.log(`  ${String(row.rank).padStart(2)}. ${row.partnerId.padEnd(16)} ${value.padStart(16)}`);
  }

  const alerts = await api.get<{ type: string; partnerId: string; [k: string]: unknown }[]>('/v1/alerts', api.keys.auditor);
  console.log('\n■ Open alerts');
  if (alerts.length === 0) console.log('  none');
  for (const alert of alerts) console.log(`  ${alert.type.padEnd(24)} ${alert.partnerId}`);

  const payout = await api.get<{
    total: MoneyJson;
    status: string;
    lines: unknown[];
    prepared: { by: string; recordedAt: string };
    approved?: { by: string; recordedAt: string };
    paid?: { by: string; recordedAt: string; bankReference: string };
  }>('/v1/payouts/pay-agency-network-2026-09', api.keys.auditor);
  console.log('\n■ Payout pay-agency-network-2026-09 (as the auditor sees it)');
  console.log(`  ${payout.lines.length} lines, total ${formatMoney(payout.total)}, ${payout.status}`);
  console.log(`  prepared by ${payout.prepared.by}, approved by ${payout.approved?.by ?? '-'}, paid by ${payout.paid?.by ?? '-'} (${payout.paid?.bankReference ?? '-'})`);

  const balance = await api.get<{
    accounts: { account: string; balance: MoneyJson }[];
    totals: { currency: string; balance: MoneyJson }[];
  }>('/v1/ledger/trial-balance', api.keys.auditor);
  console.log('\n■ Trial balance');
  for (const row of balance.accounts) console.log(`  ${row.account.padEnd(32)} ${formatMoney(row.balance).padStart(16)}`);
  for (const total of balance.totals) console.log(`  ${`total ${total.currency}`.padEnd(32)} ${formatMoney(total.balance).padStart(16)}`);
}
