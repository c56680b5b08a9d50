import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AfterAppendEffects } from '../../src/api/referrals/after-append-effects';
import { attributeAndRegister } from '../../src/api/referrals/attribute-and-register';
import { RecordConversionCommand, RecordConversionHandler } from '../../src/api/referrals/record-conversion.handler';
import type { CommandContext } from '../../src/application/command-context';
import { executeCommand } from '../../src/application/execute-command';
import { toNewEvent } from '../../src/application/event-mapping';
import { agreementSnapshotAt } from '../../src/domain/agreement/agreement-snapshot';
import { agreementDecider } from '../../src/domain/agreement/agreement.decider';
import type { AgreementEvent } from '../../src/domain/agreement/agreement.events';
import { TermsSchema } from '../../src/domain/agreement/terms.schema';
import { attributionKey } from '../../src/domain/attribution/attribution-keys';
import { attributionDecider } from '../../src/domain/attribution/attribution.decider';
import { fold } from '../../src/domain/shared/decider';
import { DomainErrorException } from '../../src/domain/shared/domain-error';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { referralRegistrationProcessManager } from '../../src/process-managers/referral-registration.pm';

const AT = '2026-09-03T10:00:00.000Z';
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  actor: { principalId: 'paula', role: 'partner-manager' },
  correlationId: 'corr-referral',
  causationId: null,
  occurredAt: AT,
  occurredAtGiven: true,
  ...over,
});

const signed = (agreementId: string, partnerId: string): AgreementEvent => ({
  type: 'AgreementSigned',
  data: {
    agreementId,
    partnerId,
    terms: TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps: 1500 } }),
    termsVersion: 1,
    effectiveFrom: '2026-09-01T12:00:00.000Z',
  },
  occurredAt: '2026-09-01T12:00:00.000Z',
});

describe('referral registration across its two streams', () => {
  let dir: string;
  let store: SqliteEventStore;
  const agreements = new Map<string, AgreementEvent>();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'referral-consistency-'));
    store = SqliteEventStore.open(join(dir, 'ledger.db'));
    for (const [agreementId, partnerId] of [
      ['agr-edu', 'edu-consult'],
      ['agr-net', 'agency-network'],
    ] as const) {
      const event = signed(agreementId, partnerId);
      agreements.set(agreementId, event);
      await store.append(`agreement-${agreementId}`, [toNewEvent(event, `sig-${agreementId}`, ctx())], 'no_stream');
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = (agreementId: string) => agreementSnapshotAt(fold(agreementDecider, [agreements.get(agreementId)!]), AT);
  const request = (referralId: string, agreementId: string, customerId = 'cust-1') => ({
    customerId,
    agreementId,
    referralId,
    source: { type: 'referral' as const, id: referralId },
    agreement: snapshot(agreementId),
  });

  it('completes a referral whose registration a crash left missing: exactly once, however often the manager runs', async () => {
    // The crash window: the attribution is stored, the process died before ReferralRegistered.
    const { result } = await executeCommand(
      store,
      {
        streamId: 'attribution-cust-1',
        decider: attributionDecider,
        command: { type: 'AttributeCustomer', ...request('ref-1', 'agr-edu'), occurredAt: AT },
        naturalKey: attributionKey('ref-1'),
      },
      ctx(),
    );
    expect(await store.readStream('referral-ref-1')).toEqual([]);
    const [attributed] = await store.readStream('attribution-cust-1');

    const firstRun = await referralRegistrationProcessManager.handle(attributed!, store);
    expect(firstRun).toEqual([{ streamId: 'referral-ref-1', position: result.position + 1n, duplicate: false }]);
    const referral = await store.readStream('referral-ref-1');
    expect(referral).toHaveLength(1);
    expect(referral[0]).toMatchObject({
      type: 'ReferralRegistered',
      data: { referralId: 'ref-1', agreementId: 'agr-edu', partnerId: 'edu-consult', customerId: 'cust-1' },
      metadata: { causationId: attributed!.eventId, actor: { role: 'system' }, occurredAt: AT, correlationId: 'corr-referral' },
    });

    const head = await store.headPosition();
    const secondRun = await referralRegistrationProcessManager.handle(attributed!, store);
    expect(secondRun.every((effect) => effect.duplicate)).toBe(true);
    expect(await store.headPosition()).toBe(head);

    // The client's retry of the request finds both events and appends nothing either.
    const retry = await attributeAndRegister(store, request('ref-1', 'agr-edu'), ctx({ occurredAt: '2026-09-03T10:05:00.000Z', occurredAtGiven: false }));
    expect(retry.attribution.duplicate && retry.referral.duplicate).toBe(true);
    expect(retry.referral.eventIds).toEqual([referral[0]!.eventId]);
    expect(await store.headPosition()).toBe(head);
  });

  it('lands on the same event whether the handler or the manager registers the referral', async () => {
    const { referral } = await attributeAndRegister(store, request('ref-2', 'agr-edu'), ctx());
    const [attributed] = await store.readStream('attribution-cust-1');
    const head = await store.headPosition();
    const effects = await referralRegistrationProcessManager.handle(attributed!, store);
    expect(effects).toEqual([{ streamId: 'referral-ref-2', position: referral.position, duplicate: true }]);
    expect(await store.headPosition()).toBe(head);
  });

  it('ignores events that are not attributions', async () => {
    const [signature] = await store.readStream('agreement-agr-edu');
    expect(await referralRegistrationProcessManager.handle(signature!, store)).toEqual([]);
  });

  it('lets exactly one of two claims win when both read the customer’s stream before either appends', async () => {
    const racing = barrierOnFirstReads(store, 'attribution-cust-race', 2);
    const outcomes = await Promise.allSettled([
      attributeAndRegister(racing, request('race-edu', 'agr-edu', 'cust-race'), ctx()),
      attributeAndRegister(racing, request('race-net', 'agr-net', 'cust-race'), ctx()),
    ]);
    expect(racing.barrierReleased()).toBe(true);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(DomainErrorException);
    expect((lost[0]!.reason as DomainErrorException).error.code).toBe('ALREADY_ATTRIBUTED');
    expect(await store.readStream('attribution-cust-race')).toHaveLength(1);
  });

  it('runs the money side’s effects after a conversion and answers with the position of the last effect', async () => {
    await attributeAndRegister(store, request('ref-conv', 'agr-edu'), ctx());
    const seen: RecordedEvent[][] = [];
    const effects: AfterAppendEffects = {
      async run(events, target) {
        seen.push([...events]);
        // Not the account stream: the conversion folds that one (to check its commission can be booked).
        const result = await target.append('stand-in-effects-edu-consult', [toNewEvent(
          { type: 'PartnerProposed', data: { partnerId: 'stand-in-for-an-accrual', name: 'x' }, occurredAt: AT },
          `effect-of-${events[0]!.eventId}`,
          ctx(),
        )], 'any');
        return [{ streamId: result.streamId, position: result.position, duplicate: result.duplicate }];
      },
    };
    const handler = new RecordConversionHandler(store, effects);
    const body = { conversionId: 'conv-1', revenue: { amount: 10_000, currency: 'EUR' } };
    const result = await handler.execute(new RecordConversionCommand('ref-conv', body, ctx({ occurredAt: '2026-09-10T10:00:00.000Z' })));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((e) => e.type)).toEqual(['ReferralConverted']);
    expect(result.position).toBe(await store.headPosition());
    expect(result.duplicate).toBe(false);

    // A retry replays the conversion and runs the (idempotent) effects again to complete what a crash left.
    const retry = await handler.execute(new RecordConversionCommand('ref-conv', body, ctx({ occurredAt: '2026-09-10T10:00:00.000Z' })));
    expect(seen).toHaveLength(2);
    expect(seen[1]!.map((e) => e.eventId)).toEqual(seen[0]!.map((e) => e.eventId));
    expect(retry).toMatchObject({ duplicate: true, position: result.position });
  });

  it('runs nothing inline when no effects are provided', async () => {
    await attributeAndRegister(store, request('ref-plain', 'agr-edu'), ctx());
    const handler = new RecordConversionHandler(store);
    const result = await handler.execute(
      new RecordConversionCommand('ref-plain', { conversionId: 'c', revenue: { amount: 1, currency: 'EUR' } }, ctx({ occurredAt: '2026-09-10T10:00:00.000Z' })),
    );
    expect(result.position).toBe(await store.headPosition());
    expect(result.streamId).toBe('referral-ref-plain');
  });
});

/**
 * A store whose first `n` reads of one stream wait for each other, so every racer decides on the same (empty)
 * state before any of them appends: the expected revision alone must then pick the winner.
 */
function barrierOnFirstReads(store: EventStore, streamId: string, n: number): EventStore & { barrierReleased(): boolean } {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return Object.assign(Object.create(store) as EventStore, {
    async readStream(id: string, options?: Parameters<EventStore['readStream']>[1]) {
      const events = await store.readStream(id, options);
      if (id === streamId && arrived < n) {
        arrived += 1;
        if (arrived === n) release();
        await all;
      }
      return events;
    },
    append: store.append.bind(store),
    barrierReleased: () => arrived === n,
  });
}
