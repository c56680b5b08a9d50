import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { defineExportCommissionsCommand } from './commands/export-commissions.command';
import { defineExportPayoutCommand } from './commands/export-payout.command';
import { defineReplayCommand } from './commands/replay.command';
import { defineVerifyCommand } from './commands/verify.command';
import { EXIT } from './exit-codes';

/**
 * The `ledger` command line, run in-process: parses `argv` (the arguments after the program name), runs the
 * command and resolves with its exit code. Never calls process.exit, so tests and other callers keep control.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const done = (code: number) => {
    exitCode = code;
  };
  const program = new Command('ledger')
    .description('Partnership ledger: replay read models, export statements, verify the hash chains')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();
  defineReplayCommand(program.command('replay'), io, done);
  const exportCommand = program.command('export').description('statements as CSV');
  defineExportCommissionsCommand(exportCommand.command('commissions'), io, done);
  defineExportPayoutCommand(exportCommand.command('payout'), io, done);
  defineVerifyCommand(program.command('verify'), io, done);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr.write(`ledger: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}
