import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allProjections, COMMISSIONS, type CommissionLineDoc } from '../../projections';
import { trialBalance } from '../../projections/ledger.queries';
import { EVENT_STORE } from '../../src/api/core/tokens';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { StoredDocument } from '../../src/projection-engine/document-table';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import { settleService } from '../support/settle-service';
import { startTestApp, type TestApp } from '../support/test-app';
import { commandStoryArb, FULL_STORY, STORY_API_KEYS, tellStory, transcript, type Outcome, type Service } from './support/command-story';

type Dump = Record<string, StoredDocument[]>;

function dump(engine: ProjectionEngine): Dump {
  return Object.fromEntries(allProjections.map((definition) => [definition.name, engine.documents(definition.name)]));
}

const NUM_RUNS = Number(process.env.COMMAND_STORY_RUNS ?? 12);
const SEED = process.env.COMMAND_STORY_SEED === undefined ? {} : { seed: Number(process.env.COMMAND_STORY_SEED) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const storeOf = (t: TestApp) => t.app.get<EventStore>(EVENT_STORE);
/** Per operation kind, how often each status came back, over every run (the generator must not be vacuous). */
const statuses = new Map<string, Map<string, number>>();
function count(outcomes: readonly Outcome[]): void {
  for (const o of outcomes) {
    const byStatus = statuses.get(o.op) ?? new Map<string, number>();
    const answer = o.code === undefined ? String(o.status) : `${o.status} ${o.code}`;
    byStatus.set(answer, (byStatus.get(answer) ?? 0) + 1);
    statuses.set(o.op, byStatus);
  }
}
const accepted = (op: string) =>
  [...(statuses.get(op) ?? new Map<string, number>())].filter(([answer]) => answer.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);

/**
 * The engine's central promise, driven through the real service: for a random story of business COMMANDS
 * (the service's own deciders, process managers and inline effects produce the events), the read models the
 * running service built live equal, document for document, read models rebuilt from its event store from scratch
 * at several batch and commit sizes; the ledger balances per currency; no command ever answers 5xx.
 */
describe('read models built live from random command stories equal read models rebuilt from scratch', () => {
  afterAll(() => {
    const table = Object.fromEntries([...statuses].map(([op, byStatus]) => [op, Object.fromEntries([...byStatus].sort(([a], [b]) => a.localeCompare(b)))]));
    console.info(`command stories: statuses per operation ${JSON.stringify(table)}`);
  });

  it('for random valid-ish command sequences, live = rebuilt at batch sizes 1/3, 7/20 and the defaults', async () => {
    await fc.assert(
      fc.asyncProperty(commandStoryArb({ minOps: 20, maxOps: 60 }), async (story) => {
        // The service's files (event store, read models) in dbDir; the rebuilt read models beside them.
        const dir = mkdtempSync(join(tmpdir(), 'commands-rebuilt-'));
        const dbDir = join(dir, 'service');
        mkdirSync(dbDir);
        const start = () => startTestApp({ extraApiKeys: STORY_API_KEYS, dbDir });
        const service: Service = {
          current: await start(),
          async restart() {
            await service.current.close();
            service.current = await start();
          },
        };
        const engines: ProjectionEngine[] = [];
        try {
          const outcomes = await tellStory(service, story);
          const t = service.current;
          count(outcomes);
          const told = () => transcript(outcomes);
          for (const o of outcomes) expect(o.status, `5xx answer to POST ${o.path}: ${o.text}\n${told()}`).toBeLessThan(500);
          // Onboarding itself must go through (else the story tests nothing).
          for (const o of outcomes.filter((o) => o.op === 'setup')) expect(o.status, `${o.path}: ${o.text}`).toBe(201);

          // Every rebuild has finished; those asked for since the last restart (jobs are kept until then) have
          // swapped their shadows in. (One cut short by a restart is resumed or redone by the new process.)
          const live = t.app.get(ProjectionEngine);
          const deadline = Date.now() + 30_000;
          while (live.jobs().some((job) => job.state === 'running') && Date.now() < deadline) await sleep(20);
          const sinceRestart = outcomes.slice(outcomes.map((o) => o.op).lastIndexOf('restart') + 1);
          for (const o of sinceRestart.filter((o) => o.jobId !== undefined)) {
            expect(live.job(o.jobId!)?.state, `rebuild job of POST ${o.path}`).toBe('completed');
          }
          for (const job of live.jobs()) expect(job.state, JSON.stringify(job)).toBe('completed');
          const head = await settleService(t);
          const lastAnswered = outcomes.reduce((max, o) => (o.position !== undefined && o.position > max ? o.position : max), 0n);
          expect(head).toBeGreaterThanOrEqual(lastAnswered);

          for (const status of await live.status()) expect(status.status, `${status.name}: ${JSON.stringify(status.error)}`).toBe('live');
          const liveDump = dump(live);

          const sizes: Array<{ batchSize?: number; bulkCommitEvents?: number }> = [
            { batchSize: 1, bulkCommitEvents: 3 },
            { batchSize: 7, bulkCommitEvents: 20 },
            {},
          ];
          for (const [index, size] of sizes.entries()) {
            const rebuilt = new ProjectionEngine({ store: storeOf(t), path: join(dir, `rebuilt-${index}.db`), projections: allProjections, ...size });
            engines.push(rebuilt);
            expect(await rebuilt.catchUp()).toBe(head);
            for (const name of rebuilt.names()) expect(rebuilt.availability(name), name).toEqual({ available: true });
            expect(dump(rebuilt), `rebuilt with ${JSON.stringify(size)} ≠ live\n${told()}`).toEqual(liveDump);
          }

          // The ledger balances, per currency, in the live read model and through the API.
          const liveBalance = trialBalance(live.reader('ledger'));
          for (const total of liveBalance.totals) {
            expect(total.balance.amount, `trial balance in ${total.currency}\n${told()}`).toBe(0);
          }
          // What a partner owes back (a clawback, a negative adjustment) sits in a receivable until a payout nets
          // its line: at the end of every story, no partner's payable is a debit.
          for (const row of liveBalance.accounts.filter((account) => account.account.startsWith('partner-payable:'))) {
            expect(row.balance.amount, `${row.account} ${row.currency} in debit\n${told()}`).toBeLessThanOrEqual(0);
          }
          const balance = await t.request('GET', `/v1/ledger/trial-balance?minPosition=${head}`, { role: 'finance' });
          expect(balance.status, balance.text).toBe(200);
          for (const total of balance.body.totals) expect(total.balance.amount, JSON.stringify(total)).toBe(0);

          // Every partner's statement answers for each period that has commission lines.
          const periods = new Set(
            liveDump.commissions!.filter((d) => d.collection === COMMISSIONS.line).map((d) => {
              const line = d.doc as CommissionLineDoc;
              return `${line.partnerId}|${line.period}`;
            }),
          );
          for (const entry of periods) {
            const [partnerId, period] = entry.split('|') as [string, string];
            const statement = await t.request('GET', `/v1/partners/${partnerId}/commissions?period=${period}&minPosition=${head}`, { role: 'finance' });
            expect(statement.status, `${partnerId} ${period}: ${statement.text}`).toBe(200);
            expect(statement.body.partnerId).toBe(partnerId);
            expect(statement.body.period).toBe(period);
            expect(statement.body.lines.length).toBeGreaterThan(0);
          }

          // Nothing moved while we compared.
          expect(await storeOf(t).headPosition()).toBe(head);
        } finally {
          for (const engine of engines) await engine.close();
          await service.current.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: NUM_RUNS, examples: [[FULL_STORY]], ...SEED },
    );

    // The stories are not vacuous: every kind of command got through (at the least in FULL_STORY, run first).
    const kinds = ['refer', 'convert', 'refund', 'kpi', 'amend', 'terminate', 'sign', 'offer', 'redeem', 'close', 'prepare', 'approve', 'pay'];
    for (const op of [...kinds, 'dispute', 'evidence', 'resolve', 'rebuild', 'restart']) {
      expect(accepted(op), `no ${op} was ever accepted: ${JSON.stringify([...(statuses.get(op) ?? [])])}`).toBeGreaterThan(0);
    }
  }, Math.max(180_000, NUM_RUNS * 3_000)); // room for shrinking: a failing story is retold a hundred times or so
});
