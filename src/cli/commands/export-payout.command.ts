import type { Command } from 'commander';
import { streams } from '../../domain/stream-names';
import { payoutStatement, type PayoutStatement } from '../../api/payouts/payout-statement';
import { CliError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { parseId } from '../cli-values';
import { writeCsv, type CsvRow } from '../csv-output';
import { decimalAmount } from '../decimal-amount';
import { EXIT } from '../exit-codes';
import { resolveStore, withStore, withStoreOptions, type StoreOptions } from '../store-options';

interface ExportPayoutOptions extends StoreOptions {
  id: string;
  out?: string;
}

export const PAYOUT_COLUMNS = [
  'payoutId',
  'partnerId',
  'payoutPeriod',
  'status',
  'lineId',
  'kind',
  'linePeriod',
  'currency',
  'amountMinor',
  'amount',
  'referralId',
  'conversionId',
  'sourceEventId',
] as const;

export function defineExportPayoutCommand(command: Command, io: CliIo, done: (code: number) => void): Command {
  return withStoreOptions(command)
    .description('the lines of a payout statement, as CSV (read from the payout’s stream)')
    .requiredOption('--id <payoutId>', 'the payout')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .action(async (options: ExportPayoutOptions) => done(await exportPayout(options, io)));
}

async function exportPayout(options: ExportPayoutOptions, io: CliIo): Promise<number> {
  const resolved = resolveStore(options, io.env);
  const payoutId = parseId('--id', options.id);
  const statement = await withStore(resolved, async (store) => payoutStatement(await store.readStream(streams.payout(payoutId))));
  if (!statement) throw new CliError(`payout ${payoutId} does not exist`);
  writeCsv(PAYOUT_COLUMNS, rowsOf(statement), options.out, io.stdout);
  io.stderr.write(summaryOf(statement));
  return EXIT.ok;
}

function rowsOf(statement: PayoutStatement): CsvRow[] {
  return statement.lines.map((line) => ({
    payoutId: statement.payoutId,
    partnerId: statement.partnerId,
    payoutPeriod: statement.period,
    status: statement.status,
    lineId: line.lineId,
    kind: line.kind,
    linePeriod: line.period,
    currency: line.amount.currency,
    amountMinor: line.amount.amount,
    amount: decimalAmount(line.amount.amount, line.amount.currency),
    referralId: line.referralId,
    conversionId: line.conversionId,
    sourceEventId: line.sourceEventId,
  }));
}

function summaryOf(s: PayoutStatement): string {
  const steps = [`prepared by ${s.prepared.by} at ${s.prepared.occurredAt}`];
  if (s.approved) steps.push(`approved by ${s.approved.by} at ${s.approved.occurredAt}`);
  if (s.paid) steps.push(`paid by ${s.paid.by} at ${s.paid.occurredAt} (${s.paid.bankReference})`);
  return `payout ${s.payoutId} for ${s.partnerId} ${s.period}: ${s.status}, total ${decimalAmount(s.total.amount, s.total.currency)} ${s.total.currency}, ${s.lines.length} lines; ${steps.join(', ')}\n`;
}
