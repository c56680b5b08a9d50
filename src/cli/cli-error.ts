/** A refusal the CLI reports as one line on stderr, with its exit code (1 unless said otherwise). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
