import { run } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ledger …` in-process with captured output and the given environment (nothing from process.env). */
export async function ledger(argv: string[], env: Record<string, string | undefined> = {}, options: { tty?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** RFC 4180 rows (quoted fields, doubled quotes) keyed by the header row: enough to read back what the CLI wrote. */
export function csvRows(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
