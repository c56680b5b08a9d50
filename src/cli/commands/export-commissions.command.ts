import type { Command } from 'commander';
import { commissionStatement, projections, type CommissionStatement } from '../../../projections';
import type { Money } from '../../domain/shared/money';
import { replayToPoint } from '../../projection-engine';
import type { CliIo } from '../cli-io';
import { parseCurrency, parseId, parseInstant, parsePeriod } from '../cli-values';
import { writeCsv, type CsvRow } from '../csv-output';
import { decimalAmount } from '../decimal-amount';
import { EXIT } from '../exit-codes';
import { resolveStore, withStore, withStoreOptions, type StoreOptions } from '../store-options';

interface ExportCommissionsOptions extends StoreOptions {
  partner: string;
  period: string;
  asOf?: string;
  currency?: string;
  out?: string;
}

export const COMMISSION_COLUMNS = [
  'partnerId',
  'period',
  'kind',
  'lineId',
  'currency',
  'amountMinor',
  'amount',
  'referralId',
  'conversionId',
  'termsVersion',
  'rateBps',
  'sourceEventId',
  'eventId',
  'occurredAt',
  'recordedAt',
  'payableFrom',
  'held',
  'paid',
  'payoutId',
] as const;

export function defineExportCommissionsCommand(command: Command, io: CliIo, done: (code: number) => void): Command {
  return withStoreOptions(command)
    .description('the commission lines of a partner for a period, as CSV (replayed from the events, so exact as of any instant)')
    .requiredOption('--partner <id>', 'the partner')
    .requiredOption('--period <YYYY-MM>', 'the period')
    .option('--as-of <instant>', 'only what was recorded at or before this instant (ISO 8601 UTC); holds are judged then too')
    .option('--currency <code>', 'the statement currency (default: the first with lines in the period)')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .action(async (options: ExportCommissionsOptions) => done(await exportCommissions(options, io)));
}

async function exportCommissions(options: ExportCommissionsOptions, io: CliIo): Promise<number> {
  const resolved = resolveStore(options, io.env);
  const partnerId = parseId('--partner', options.partner);
  const period = parsePeriod(options.period);
  const asOf = options.asOf === undefined ? undefined : parseInstant('--as-of', options.asOf);
  const currency = options.currency === undefined ? undefined : parseCurrency(options.currency);
  const at = asOf ?? (io.now?.() ?? new Date()).toISOString();
  const statement = await withStore(resolved, async (store) => {
    const replayed = await replayToPoint(store, [projections.commissions], { storage: 'temp-file', ...(asOf !== undefined ? { asOf } : {}) });
    try {
      return commissionStatement(replayed.reader(projections.commissions.name), {
        partnerId,
        period,
        at,
        ...(asOf !== undefined ? { asOf } : {}),
        ...(currency !== undefined ? { currency } : {}),
      });
    } finally {
      replayed.close();
    }
  });
  writeCsv(COMMISSION_COLUMNS, statement ? rowsOf(statement) : [], options.out, io.stdout);
  io.stderr.write(statement ? summaryOf(statement, asOf) : `no commission line for ${partnerId} in ${period}${asOf ? ` as of ${asOf}` : ''}\n`);
  return EXIT.ok;
}

function rowsOf(statement: CommissionStatement): CsvRow[] {
  return statement.lines.map((line) => ({
    partnerId: statement.partnerId,
    period: statement.period,
    kind: line.kind,
    lineId: line.lineId,
    currency: line.amount.currency,
    amountMinor: line.amount.amount,
    amount: decimalAmount(line.amount.amount, line.amount.currency),
    referralId: line.referralId,
    conversionId: line.conversionId,
    termsVersion: line.termsVersion ?? undefined,
    rateBps: line.rateBps,
    sourceEventId: line.sourceEventId,
    eventId: line.eventId,
    occurredAt: line.occurredAt,
    recordedAt: line.recordedAt,
    payableFrom: line.payableFrom,
    held: line.held,
    paid: line.paid,
    payoutId: line.payoutId,
  }));
}

function summaryOf(s: CommissionStatement, asOf: string | undefined): string {
  const show = (money: Money) => decimalAmount(money.amount, money.currency);
  return (
    `${s.partnerId} ${s.period}${asOf ? ` as of ${asOf}` : ''} (${s.currency}, ${s.closed ? 'closed' : 'open'}): ` +
    `accrued ${show(s.accrued)}, clawed back ${show(s.clawedBack)}, bonuses ${show(s.bonuses)}, adjustments ${show(s.adjustments)}, ` +
    `capped ${show(s.capped)}, held ${show(s.held)}, payable ${show(s.payable)}, paid ${show(s.paid)}, balance ${show(s.balance)}` +
    `${s.otherCurrencies.length > 0 ? `; also lines in ${s.otherCurrencies.join(', ')} (use --currency)` : ''}\n`
  );
}
