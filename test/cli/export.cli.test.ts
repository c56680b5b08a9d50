import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { storyStore, type StoryStore } from '../read-side/support/story-store';
import { csvRows, ledger } from './cli-harness';

const rowsOf = csvRows;

describe('ledger export', () => {
  let s: StoryStore;
  beforeAll(async () => {
    s = await storyStore();
  });
  afterAll(() => rmSync(s.dir, { recursive: true, force: true }));

  it('commissions: one row per line, money in minor units and as an exact decimal', async () => {
    const result = await ledger(['export', 'commissions', '--db', s.dbPath, '--partner', 'agency-network', '--period', '2026-09']);
    expect(result.code, result.stderr).toBe(0);
    const rows = rowsOf(result.stdout);
    expect(rows.map((row) => [row.kind, row.lineId, row.amountMinor, row.amount, row.currency, row.termsVersion, row.rateBps, row.paid, row.payoutId])).toEqual([
      ['accrual', 'accrual:conv-agency-1', '100000', '1000.00', 'EUR', '1', '5000', 'true', 'pay-agency'],
      ['accrual', 'accrual:conv-agency-2', '40000', '400.00', 'EUR', '2', '4000', 'true', 'pay-agency'],
      expect.arrayContaining(['clawback', '-25000', '-250.00', 'EUR', '1', 'true', 'pay-agency']),
    ]);
    expect(result.stderr).toContain('payable 1150.00, paid 1150.00, balance 0.00');
  });

  it('commissions as of an instant: only the lines recorded by then, payments included', async () => {
    const store = SqliteEventStore.open(s.dbPath);
    const account = await store.readStream('account-agency-network');
    await store.close();
    const secondAccrual = account.filter((event) => event.type === 'CommissionAccrued')[1]!;
    const out = join(s.dir, 'as-of.csv');
    const result = await ledger([
      'export', 'commissions', '--db', s.dbPath, '--partner', 'agency-network', '--period', '2026-09', '--as-of', secondAccrual.recordedAt, '--out', out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const rows = rowsOf(readFileSync(out, 'utf8'));
    expect(rows.map((row) => [row.lineId, row.amount, row.paid])).toEqual([
      ['accrual:conv-agency-1', '1000.00', 'false'],
      ['accrual:conv-agency-2', '400.00', 'false'],
    ]);
    expect(result.stderr).toContain(`as of ${secondAccrual.recordedAt}`);
    expect(result.stderr).toContain('payable 1400.00, paid 0.00, balance 1400.00');
  });

  it('commissions of a period without lines: the header only, and a note', async () => {
    const result = await ledger(['export', 'commissions', '--db', s.dbPath, '--partner', 'agency-network', '--period', '2027-01']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('no commission line for agency-network in 2027-01');
  });

  it('payout: the statement’s lines as CSV, and who prepared, approved and paid it', async () => {
    const result = await ledger(['export', 'payout', '--db', s.dbPath, '--id', 'pay-agency']);
    expect(result.code, result.stderr).toBe(0);
    const rows = rowsOf(result.stdout);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.payoutId === 'pay-agency' && row.status === 'paid' && row.currency === 'EUR')).toBe(true);
    expect(rows.reduce((sum, row) => sum + Number(row.amountMinor), 0)).toBe(115_000);
    expect(rows.map((row) => row.amount).sort()).toEqual(['-250.00', '1000.00', '400.00']);
    expect(result.stderr).toContain('total 1150.00 EUR, 3 lines; prepared by alice');
    expect(result.stderr).toContain('approved by bob');
    expect(result.stderr).toContain('(SEPA-AGENCY-0926)');
  });

  it('refuses an unknown payout and missing or malformed options with exit 1', async () => {
    const unknown = await ledger(['export', 'payout', '--db', s.dbPath, '--id', 'nope']);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'ledger: payout nope does not exist\n']);
    expect((await ledger(['export', 'commissions', '--db', s.dbPath, '--partner', 'agency-network'])).code).toBe(1);
    expect((await ledger(['export', 'commissions', '--db', s.dbPath, '--partner', 'agency-network', '--period', '2026-9'])).code).toBe(1);
    expect((await ledger(['export', 'commissions', '--db', s.dbPath, '--partner', 'a b', '--period', '2026-09'])).code).toBe(1);
  });
});
