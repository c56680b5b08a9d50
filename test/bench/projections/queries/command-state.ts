import type { CommandContext } from '../../../../src/application/command-context';
import { executeCommand } from '../../../../src/application/execute-command';
import type { ClosePeriod } from '../../../../src/domain/account/account.commands';
import { accountDecider } from '../../../../src/domain/account/account.decider';
import { DomainErrorException } from '../../../../src/domain/shared/domain-error';
import { streams } from '../../../../src/domain/stream-names';
import type { EventStore } from '../../../../src/event-store/event-store.port';
import type { QueryPlan } from './query-latency';
import { loadState } from '../../../../src/application/stream-state-cache';

/** The busiest accounts: a command on them is where reading the whole stream cost the most. */
const LARGEST_ACCOUNTS = 16;

const ctx: CommandContext = {
  actor: { principalId: 'bench', role: 'finance' },
  correlationId: 'bench-command-state',
  causationId: null,
  occurredAt: '2030-01-01T00:00:00.000Z',
  occurredAtGiven: true,
};

interface AccountCommand {
  streamId: string;
  events: number;
  /** Closing a period already closed: decided on the whole account, refused, nothing appended. */
  command: ClosePeriod;
}

/**
 * A command on one of the largest accounts, decided the way executeCommand does it (the store is the bench's
 * cached ledger, so the command is one that appends nothing: closing a period again), two ways in one run:
 * - `kept`: executeCommand as the service runs it, on the state it kept from the previous command on that
 *   account plus whatever was appended since (here nothing);
 * - `whole`: the stream read and folded from revision 0 and the command decided on it, which is what every
 *   command did before states were kept.
 */
export async function commandStatePlans(store: EventStore, partnerIds: readonly string[]): Promise<Omit<QueryPlan, 'queries' | 'warmup'>[]> {
  const accounts = await largestAccounts(store, partnerIds);
  const byStream = new Map(accounts.map((a) => [a.streamId, a]));
  const ids = accounts.map((a) => a.streamId);
  const mean = accounts.length === 0 ? 0 : Math.round(accounts.reduce((sum, a) => sum + a.events, 0) / accounts.length);
  const notes = () => [`${accounts.length} accounts of ${mean} events on average`];
  return [
    {
      id: 'command.account.kept',
      label: 'a command on a large account (state kept)',
      ids,
      notes,
      async run(streamId) {
        const account = byStream.get(streamId)!;
        await refused(executeCommand(store, { streamId, decider: accountDecider, command: account.command }, ctx));
        return account.events;
      },
    },
    {
      id: 'command.account.whole',
      label: 'a command on a large account (whole stream folded)',
      ids,
      notes,
      async run(streamId) {
        const account = byStream.get(streamId)!;
        const decision = accountDecider.decide(account.command, await loadState(store, streamId, accountDecider));
        return decision.ok ? 0 : account.events;
      },
    },
  ];
}

export function isCommandPlan(id: string): boolean {
  return id.startsWith('command.');
}

async function largestAccounts(store: EventStore, partnerIds: readonly string[]): Promise<AccountCommand[]> {
  const sized: { partnerId: string; events: number }[] = [];
  for (const partnerId of partnerIds) {
    const revision = await store.streamRevision(streams.account(partnerId));
    if (revision !== null) sized.push({ partnerId, events: Number(revision) + 1 });
  }
  sized.sort((a, b) => b.events - a.events);
  const accounts: AccountCommand[] = [];
  for (const { partnerId, events } of sized.slice(0, LARGEST_ACCOUNTS)) {
    const streamId = streams.account(partnerId);
    const [period] = (await loadState(store, streamId, accountDecider)).closedPeriods.keys();
    if (period === undefined) continue;
    accounts.push({ streamId, events, command: { type: 'ClosePeriod', partnerId, period, agreements: [], occurredAt: ctx.occurredAt } });
  }
  return accounts;
}

/** The refusal is the expected answer; anything else means the bench is not measuring what it says. */
async function refused(outcome: Promise<unknown>): Promise<void> {
  try {
    await outcome;
  } catch (error) {
    if (error instanceof DomainErrorException && error.error.code === 'PERIOD_ALREADY_CLOSED') return;
    throw error;
  }
  throw new Error('closing a closed period was not refused');
}
