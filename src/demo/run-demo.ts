import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DemoClient, type DemoKeys } from './demo-client';
import { printReports } from './print-reports';
import { printStatement } from './print-statement';
import { stories } from './seed-stories';

/**
 * `npm run demo`: starts the real service on a fresh database, tells the seeds' stories through the public API,
 * closes September, pays every partner (prepared by finance, approved by another person) and prints each
 * partner's statement.
 */
const keys: DemoKeys = { manager: 'demo-pm-key', finance: 'demo-fin-key', approver: 'demo-appr-key', auditor: 'demo-aud-key' };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
  const port = await freePort();
  const server = startServer(port, dir);
  try {
    const api = new DemoClient(`http://127.0.0.1:${port}`, keys);
    await waitForHealth(`http://127.0.0.1:${port}/health`, server);
    console.log(`Service up on port ${port}, database ${join(dir, 'ledger.db')}\n`);
    for (const story of stories) {
      console.log(`■ ${story.title}`);
      await story.run(api);
    }
    const partners = stories.flatMap((s) => s.partners);
    console.log('\n■ Closing September 2026 and paying every partner (four eyes: alice prepares, bob approves)');
    for (const partnerId of partners) {
      await api.post(`/v1/partners/${partnerId}/periods/2026-09/close`, keys.finance, { occurredAt: '2026-10-01T08:00:00Z' });
      const payoutId = `pay-${partnerId}-2026-09`;
      const prepared = await api.post<{ total?: { amount: number } }>(
        '/v1/payouts',
        keys.finance,
        { payoutId, partnerId, period: '2026-09', occurredAt: '2026-10-02T09:00:00Z' },
        [200, 201, 422],
      );
      if ('error' in prepared) {
        console.log(`  ${partnerId}: no payout — ${JSON.stringify((prepared as { error: unknown }).error)}`);
        continue;
      }
      await api.post(`/v1/payouts/${payoutId}/approval`, keys.approver, { occurredAt: '2026-10-02T11:00:00Z' });
      await api.post(`/v1/payouts/${payoutId}/payment`, keys.finance, {
        bankReference: `SEPA-${partnerId.toUpperCase()}-0926`,
        occurredAt: '2026-10-03T09:00:00Z',
      });
    }
    console.log('\n■ Statements');
    for (const partnerId of partners) {
      for (const period of ['2026-09', '2026-10']) await printStatement(api, partnerId, period);
    }
    await printReports(api);
    const verify = await api.get<{ ok: boolean; eventsChecked: number }>('/v1/audit/verify', keys.auditor);
    console.log(`\nHash chains: ${verify.ok ? 'intact' : 'BROKEN'} (${verify.eventsChecked} events checked)`);
  } finally {
    server.kill('SIGTERM');
  }
}

function startServer(port: number, dir: string): ChildProcess {
  const child = spawn(process.execPath, [resolve(__dirname, '..', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      LEDGER_DB: join(dir, 'ledger.db'),
      LEDGER_API_KEYS: [
        `partner-manager:pat:${keys.manager}`,
        `finance:alice:${keys.finance}`,
        `approver:bob:${keys.approver}`,
        `auditor:carol:${keys.auditor}`,
      ].join(','),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) throw new Error(`the service exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not become healthy within 10 s');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
