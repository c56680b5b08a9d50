import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/application/command-context';
import { executeCommand } from '../../src/application/execute-command';
import { accept, refuse, type Decider, type DomainEvent } from '../../src/domain/shared/decider';
import { conflict, DomainErrorException } from '../../src/domain/shared/domain-error';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

// A toy aggregate over real catalogue events: propose once (same name again is the same command).
type Cmd = { kind: 'propose'; partnerId: string; name: string; occurredAt: string };
type State = { name: string | null };
const decider: Decider<Cmd, State, DomainEvent> = {
  initialState: { name: null },
  evolve: (s, e) => (e.type === 'PartnerProposed' ? { name: (e.data as { name: string }).name } : s),
  decide: (c, s) =>
    s.name !== null
      ? refuse(conflict('ALREADY_EXISTS', 'partner exists'))
      : accept({ type: 'PartnerProposed', data: { partnerId: c.partnerId, name: c.name }, occurredAt: c.occurredAt }),
};

const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  actor: { principalId: 'pat', role: 'partner-manager' },
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2026-03-01T10:00:00.000Z',
  occurredAtGiven: false,
  ...over,
});

describe('executeCommand', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'exec-'));
    store = SqliteEventStore.open(join(dir, 'ledger.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const propose = (name: string, at = '2026-03-01T10:00:00.000Z') => ({
    streamId: 'partner-p1',
    decider,
    command: { kind: 'propose' as const, partnerId: 'p1', name, occurredAt: at },
    naturalKey: 'propose',
  });

  it('appends the decided events with the actor, correlation and business time in their metadata', async () => {
    const { result } = await executeCommand(store, propose('Acme'), ctx({ reason: 'new channel' }));
    expect(result.duplicate).toBe(false);
    const [stored] = await store.readStream('partner-p1');
    expect(stored!.metadata).toMatchObject({
      actor: { principalId: 'pat', role: 'partner-manager' },
      correlationId: 'corr-1',
      causationId: null,
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 1,
      reason: 'new channel',
    });
  });

  it('answers a retried command with its original result and appends nothing, even when "now" moved on', async () => {
    const first = await executeCommand(store, propose('Acme'), ctx());
    const retry = await executeCommand(store, propose('Acme', '2026-03-01T10:05:00.000Z'), ctx({ occurredAt: '2026-03-01T10:05:00.000Z' }));
    expect(retry.result.duplicate).toBe(true);
    expect(retry.result.position).toBe(first.result.position);
    expect(retry.result.eventIds).toEqual(first.result.eventIds);
    expect(await store.headPosition()).toBe(1n);
  });

  it('refuses the same natural key with different content as ALREADY_EXISTS and appends nothing', async () => {
    await executeCommand(store, propose('Acme'), ctx());
    const error = await executeCommand(store, propose('Other'), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainErrorException);
    expect((error as DomainErrorException).error.code).toBe('ALREADY_EXISTS');
    expect(await store.headPosition()).toBe(1n);
  });

  it('turns a refused decision into a DomainErrorException and appends nothing', async () => {
    await executeCommand(store, { ...propose('Acme'), naturalKey: undefined }, ctx());
    await expect(executeCommand(store, { ...propose('Acme'), naturalKey: undefined }, ctx())).rejects.toBeInstanceOf(
      DomainErrorException,
    );
    expect(await store.headPosition()).toBe(1n);
  });

  it('makes the append conditional on If-Match and reports expected and actual on a mismatch', async () => {
    const error = await executeCommand(store, propose('Acme'), ctx({ expectedRevision: 3n })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as ConcurrencyError).expected).toBe(3n);
    expect((error as ConcurrencyError).actual).toBeNull();
  });

  it('lets exactly one of many concurrent creations win; the others are decided again and refused', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        executeCommand(store, { ...propose(`Name ${i}`), naturalKey: undefined }, ctx()),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(await store.headPosition()).toBe(1n);
  });
});
