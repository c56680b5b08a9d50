/** Where the CLI writes and what it reads from its surroundings; `run()` takes it so tests run commands in-process. */
export interface CliStream {
  write(text: string): unknown;
  /** True for a terminal: the replay then draws a progress bar instead of printing a line every few seconds. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: Record<string, string | undefined>;
  /** The clock (holds are judged "now" when no --as-of is given). */
  now?: () => Date;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
