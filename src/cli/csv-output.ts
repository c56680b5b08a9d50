import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { CliStream } from './cli-io';

export type CsvRow = Record<string, string | number | boolean | undefined>;

/** RFC 4180 CSV with a header row, to a file or to stdout. Empty cells for absent values. */
export function writeCsv(columns: readonly string[], rows: readonly CsvRow[], out: string | undefined, stdout: CliStream): void {
  const text = stringify(
    rows.map((row) => columns.map((column) => row[column] ?? '')),
    { header: true, columns: [...columns], cast: { boolean: (value) => String(value) } },
  );
  if (out === undefined) stdout.write(text);
  else writeFileSync(out, text);
}
