export interface ConfigProblem {
  /** The environment variable at fault, e.g. `LEDGER_STORE`. */
  variable: string;
  message: string;
}

/** Configuration that cannot start the service. main.ts prints the message and exits 1. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }

  get variables(): string[] {
    return this.problems.map((p) => p.variable);
  }
}
