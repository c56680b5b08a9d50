import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/application/command-context';
import { toDomainEvent } from '../../../src/application/event-mapping';
import { executeCommand } from '../../../src/application/execute-command';
import { agreementDecider } from '../../../src/domain/agreement/agreement.decider';
import type { AgreementEvent } from '../../../src/domain/agreement/agreement.events';
import { termsAt } from '../../../src/domain/agreement/agreement.state';
import { TermsSchema } from '../../../src/domain/agreement/terms.schema';
import { fold } from '../../../src/domain/shared/decider';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

const ctx: CommandContext = {
  actor: { principalId: 'paula', role: 'partner-manager' },
  correlationId: 'corr-upcast',
  causationId: null,
  occurredAt: '2026-10-20T10:00:00.000Z',
  occurredAtGiven: true,
};

/** AgreementSigned as schema version 1 wrote it: `signedAt`, no `effectiveFrom`, no `termsVersion`, no defaults. */
const storedV1 = {
  eventId: 'legacy-signature-1',
  type: 'AgreementSigned',
  data: {
    agreementId: 'agr-legacy',
    partnerId: 'legacy-partner',
    terms: { currency: 'EUR', commission: { type: 'percentage', rateBps: 1200 } },
    signedAt: '2025-03-01T09:00:00.000Z',
  },
  metadata: {
    occurredAt: '2025-03-01T09:00:00.000Z',
    actor: { principalId: 'migration', role: 'admin' },
    correlationId: 'corr-legacy',
    causationId: null,
    schemaVersion: 1,
  },
};

describe('a stored AgreementSigned v1 is read as v2 (upcast on read, never rewritten)', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upcast-'));
    store = SqliteEventStore.open(join(dir, 'ledger.db'));
    await store.append('agreement-agr-legacy', [storedV1], 'no_stream');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads version 1 of the terms as in effect from signedAt, with the terms’ defaults', async () => {
    const [recorded] = await store.readStream('agreement-agr-legacy');
    expect(recorded!.metadata.schemaVersion).toBe(1);
    const event = toDomainEvent<AgreementEvent>(recorded!);
    expect(event.data).toMatchObject({ termsVersion: 1, effectiveFrom: '2025-03-01T09:00:00.000Z', terms: { attributionWindowDays: 90 } });
    expect(event.data).not.toHaveProperty('signedAt');
    const state = fold(agreementDecider, [event]);
    expect(termsAt(state, '2025-03-01T08:59:59.999Z')).toBeNull();
    expect(termsAt(state, '2025-03-01T09:00:00.000Z')?.terms.commission).toEqual({ type: 'percentage', rateBps: 1200 });
  });

  it('lets the executor decide on it: an amendment becomes version 2, and the stored v1 stays as it was', async () => {
    const { result, events } = await executeCommand(
      store,
      {
        streamId: 'agreement-agr-legacy',
        decider: agreementDecider,
        command: {
          type: 'AmendAgreement',
          agreementId: 'agr-legacy',
          terms: TermsSchema.parse({ currency: 'EUR', commission: { type: 'percentage', rateBps: 1500 } }),
          effectiveFrom: '2026-11-01T00:00:00.000Z',
          occurredAt: ctx.occurredAt,
        },
      },
      ctx,
    );
    expect(result.revision).toBe(1n);
    expect(events[0]!.data).toMatchObject({ termsVersion: 2, partnerId: 'legacy-partner' });
    const stream = await store.readStream('agreement-agr-legacy');
    expect(stream[0]!.data).toEqual(storedV1.data);
    const state = fold(agreementDecider, stream.map((r) => toDomainEvent<AgreementEvent>(r)));
    expect(termsAt(state, '2026-10-31T23:59:59.999Z')?.termsVersion).toBe(1);
    expect(termsAt(state, '2026-11-01T00:00:00.000Z')?.termsVersion).toBe(2);
  });
});
