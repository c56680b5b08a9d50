import type { Command } from 'commander';
import { verifyChains } from '../../event-store/verify-chains';
import type { CliIo } from '../cli-io';
import { EXIT } from '../exit-codes';
import { progressReporter } from '../replay-progress';
import { resolveStore, withStore, withStoreOptions, type StoreOptions } from '../store-options';

interface VerifyOptions extends StoreOptions {
  json?: boolean;
}

export function defineVerifyCommand(command: Command, io: CliIo, done: (code: number) => void): Command {
  return withStoreOptions(command)
    .description('recompute every hash chain; exit 0 when intact, 2 when broken, 1 on error')
    .option('--json', 'print the report as JSON')
    .action(async (options: VerifyOptions) => done(await verify(options, io)));
}

async function verify(options: VerifyOptions, io: CliIo): Promise<number> {
  const resolved = resolveStore(options, io.env);
  const report = await withStore(resolved, async (store) => {
    const progress = progressReporter(io.stderr, { label: 'verify', total: await store.headPosition() });
    const result = await verifyChains(store, { onProgress: (p) => progress.update(p.position, p.eventsChecked) });
    if (io.stderr.isTTY) progress.stop(await store.headPosition(), result.eventsChecked);
    return result;
  });
  if (options.json) io.stdout.write(`${JSON.stringify(report)}\n`);
  else if (report.ok) io.stdout.write(`intact: ${report.eventsChecked} events in ${report.streamsChecked} streams, every hash chain recomputed\n`);
  else {
    const broken = report.firstBroken!;
    io.stdout.write(
      `BROKEN: stream ${broken.streamId} at revision ${broken.revision} (position ${broken.position}, event ${broken.eventId}): ${broken.reason}\n` +
        `checked ${report.eventsChecked} events in ${report.streamsChecked} streams before it\n`,
    );
  }
  return report.ok ? EXIT.ok : EXIT.broken;
}
