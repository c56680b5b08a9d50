import type { DemoClient } from './demo-client';

interface MoneyJson {
  amount: number;
  currency: string;
}
interface Statement {
  accrued: MoneyJson;
  clawedBack: MoneyJson;
  bonuses: MoneyJson;
  adjustments: MoneyJson;
  capped: MoneyJson;
  payable: MoneyJson;
  paid: MoneyJson;
  balance: MoneyJson;
  lines: { kind: string; amount: MoneyJson; termsVersion?: number; rateBps?: number }[];
}

/** Minor units as a decimal string, exactly (no floats): 12345 EUR → "123.45 EUR". */
export function formatMoney(m: MoneyJson | undefined): string {
  if (!m) return '-';
  const sign = m.amount < 0 ? '-' : '';
  const abs = Math.abs(m.amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${m.currency}`;
}

export async function printStatement(api: DemoClient, partnerId: string, period: string): Promise<void> {
  const s = await api.get<Statement>(`/v1/partners/${partnerId}/commissions?period=${period}`, api.keys.finance);
  if (!s.lines || s.lines.length === 0) return;
  console.log(`\n  ${partnerId} — ${period}`);
  for (const line of s.lines) {
    const rate = line.rateBps !== undefined ? ` @ ${line.rateBps} bps` : '';
    console.log(`    ${line.kind.padEnd(11)} ${formatMoney(line.amount).padStart(16)}${rate}`);
  }
  const rows: [string, MoneyJson][] = [
    ['accrued', s.accrued],
    ['clawed back', s.clawedBack],
    ['bonuses', s.bonuses],
    ['adjustments', s.adjustments],
    ['capped', s.capped],
    ['payable', s.payable],
    ['paid', s.paid],
    ['balance', s.balance],
  ];
  console.log('    ' + rows.map(([label, m]) => `${label} ${formatMoney(m)}`).join(' · '));
}
