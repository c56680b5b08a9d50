import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, InvalidAppendError } from '../../src/event-store/event-store.errors';
import type { EventMetadata, ExpectedRevision } from '../../src/event-store/event-store.port';
import { computeEventHash, GENESIS_HASH } from '../../src/event-store/hash-chain';
import { WrongExpectedVersionError } from '../../src/event-store/esdb/esdb-client';
import type { AllStreamResolvedEvent, Position } from '../../src/event-store/esdb/esdb-client';
import { matchesAllFilter, toServerFilter } from '../../src/event-store/esdb/esdb-filter';
import {
  EsdbDecodeError,
  decodeMetadata,
  decodePosition,
  encodeMetadata,
  encodePosition,
  exactAppendRevision,
  fromEsdbCurrentRevision,
  fromEsdbExpectedRevision,
  isSystemEvent,
  isWrongExpectedVersion,
  positionLowerBound,
  satisfiesExpectedRevision,
  toConcurrencyError,
  toEsdbEventId,
  toEsdbExpectedRevision,
  toRecordedEvent,
  toStoredJson,
} from '../../src/event-store/esdb/esdb-mapping';

const MIB = 1n << 20n;

const positionArb: fc.Arbitrary<Position> = fc
  .record({ commit: fc.bigInt({ min: 0n, max: 1n << 42n }), offset: fc.bigInt({ min: -MIB, max: MIB - 1n }) })
  .filter(({ commit, offset }) => commit + offset >= 0n)
  .map(({ commit, offset }) => ({ commit, prepare: commit + offset }));

function compareLexicographic(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

describe('ESDB positions as one bigint', () => {
  it('decode gives back exactly the (commit, prepare) pair, so a checkpoint resumes at a real record', () => {
    fc.assert(
      fc.property(positionArb, (position) => {
        expect(decodePosition(encodePosition(position))).toEqual(position);
      }),
    );
  });

  it('keeps $all order: numeric order of the bigints equals (commit, prepare) order', () => {
    fc.assert(
      fc.property(positionArb, positionArb, (a, b) => {
        const numeric = encodePosition(a) < encodePosition(b) ? -1 : encodePosition(a) > encodePosition(b) ? 1 : 0;
        expect(numeric).toBe(compareLexicographic(a, b));
      }),
    );
  });

  it('gives the events of one append distinct increasing positions, whether or not they share a commit', () => {
    // Current servers: each event self-committed at its own offset.
    const own = [1000n, 1180n, 1377n].map((p) => encodePosition({ commit: p, prepare: p }));
    // Legacy log: one commit record after the prepares, shared by all of them.
    const shared = [1000n, 1180n, 1377n].map((p) => encodePosition({ commit: 1500n, prepare: p }));
    for (const positions of [own, shared]) {
      expect(new Set(positions).size).toBe(3);
      expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!).toBe(true);
    }
    // ... and the next append after them, whichever layout, comes later.
    expect(encodePosition({ commit: 1600n, prepare: 1600n })).toBeGreaterThan(shared[2]!);
  });

  it('starts above 0, which stays the "before the first event" checkpoint', () => {
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBeGreaterThan(0n);
    expect(() => decodePosition(0n)).toThrow(RangeError);
  });

  it('refuses a pair it could not decode back rather than misorder it', () => {
    expect(() => encodePosition({ commit: 10n * MIB, prepare: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: 2n * MIB })).toThrow(RangeError);
  });

  it('bounds a checkpoint that names no record from below, without passing any later event', () => {
    const checkpoint = { commit: 50n * MIB, prepare: 0n };
    const bound = positionLowerBound(checkpoint);
    expect(bound).toBeLessThanOrEqual(encodePosition({ commit: 50n * MIB, prepare: 50n * MIB }));
    expect(bound).toBeGreaterThan(encodePosition({ commit: 50n * MIB - 1n, prepare: 50n * MIB - 1n }));
    expect(positionLowerBound({ commit: 7n, prepare: 7n })).toBe(encodePosition({ commit: 7n, prepare: 7n }));
  });
});

describe('expected revisions', () => {
  const all: ExpectedRevision[] = ['any', 'no_stream', 'stream_exists', 0n, 41n];

  it('map to the client and back unchanged', () => {
    for (const expected of all) expect(fromEsdbExpectedRevision(toEsdbExpectedRevision(expected))).toBe(expected);
  });

  it('are checked against the revision read before appending', () => {
    const table: [ExpectedRevision, bigint | null, boolean][] = [
      ['any', null, true],
      ['any', 3n, true],
      ['no_stream', null, true],
      ['no_stream', 0n, false],
      ['stream_exists', null, false],
      ['stream_exists', 0n, true],
      [2n, 2n, true],
      [2n, 3n, false],
      [0n, null, false],
    ];
    for (const [expected, actual, ok] of table) {
      expect(satisfiesExpectedRevision(expected, actual), `${String(expected)} vs ${String(actual)}`).toBe(ok);
    }
  });

  it('append with the exact revision that was read', () => {
    expect(exactAppendRevision(null)).toBe('no_stream');
    expect(exactAppendRevision(4n)).toBe(4n);
    expect(fromEsdbCurrentRevision('no_stream')).toBeNull();
    expect(fromEsdbCurrentRevision(-1n)).toBeNull();
    expect(fromEsdbCurrentRevision(9n)).toBe(9n);
  });

  it("turn the server's WrongExpectedVersionError into a ConcurrencyError with expected and actual", () => {
    const existing = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 3n, current: 5n });
    expect(isWrongExpectedVersion(existing)).toBe(true);
    const mapped = toConcurrencyError(existing, 's', 3n);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 's', expected: 3n, actual: 5n });

    const missing = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'stream_exists', current: 'no_stream' });
    expect(toConcurrencyError(missing, 's')).toMatchObject({ expected: 'stream_exists', actual: null });
    // The caller's expectation is reported, not the exact revision the adapter sent on its behalf.
    expect(toConcurrencyError(existing, 's', 'any')).toMatchObject({ expected: 'any', actual: 5n });

    expect(isWrongExpectedVersion({ type: 'wrong-expected-version' })).toBe(true);
    expect(isWrongExpectedVersion(new Error('unavailable'))).toBe(false);
  });
});

describe('event ids', () => {
  it('keeps a UUID (lower-cased, as ESDB returns it)', () => {
    expect(toEsdbEventId('0190F6A2-1C3B-7D4E-8F90-A1B2C3D4E5F6')).toBe('0190f6a2-1c3b-7d4e-8f90-a1b2c3d4e5f6');
  });

  it('maps any other id to the same name-based UUID every time, distinct per id', () => {
    const first = toEsdbEventId('accrual:conversion-42');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toEsdbEventId('accrual:conversion-42')).toBe(first);
    expect(toEsdbEventId('accrual:conversion-43')).not.toBe(first);
  });
});

const metadata: EventMetadata = {
  occurredAt: '2026-03-01T09:00:00.000Z',
  actor: { principalId: 'alice', role: 'finance' },
  correlationId: 'corr-1',
  causationId: 'cmd-7',
  schemaVersion: 2,
  reason: 'quarter close',
};

describe('metadata', () => {
  it("stores the ledger's metadata with recordedAt, hash and ESDB's own correlation keys, and reads it back", () => {
    const encoded = encodeMetadata({ eventId: 'e-1', metadata, recordedAt: '2026-03-01T09:00:01.000Z', hash: 'ab'.repeat(32) });
    expect(encoded).toMatchObject({
      ...metadata,
      eventId: 'e-1',
      recordedAt: '2026-03-01T09:00:01.000Z',
      hash: 'ab'.repeat(32),
      $correlationId: 'corr-1',
      $causationId: 'cmd-7',
    });
    const decoded = decodeMetadata(JSON.parse(JSON.stringify(encoded)), 'esdb-id');
    expect(decoded).toEqual({ eventId: 'e-1', metadata, recordedAt: '2026-03-01T09:00:01.000Z', hash: 'ab'.repeat(32) });
  });

  it('leaves $causationId out for a command straight from a person', () => {
    const encoded = encodeMetadata({ eventId: 'e', metadata: { ...metadata, causationId: null }, recordedAt: 'r', hash: 'h' });
    expect(encoded).not.toHaveProperty('$causationId');
    expect(decodeMetadata(encoded, 'x').metadata.causationId).toBeNull();
  });

  it('refuses metadata the ledger did not write', () => {
    expect(() => decodeMetadata(undefined, 'x')).toThrow(EsdbDecodeError);
    expect(() => decodeMetadata({ occurredAt: 'now' }, 'x')).toThrow(EsdbDecodeError);
    expect(() => decodeMetadata(new Uint8Array([1]), 'x')).toThrow(EsdbDecodeError);
  });
});

function resolvedEvent(overrides: Partial<Record<string, unknown>> = {}): AllStreamResolvedEvent {
  const recordedAt = '2026-03-01T09:00:01.000Z';
  const data = { amount: 12345, currency: 'EUR' };
  const hash = computeEventHash({ eventId: 'e-1', type: 'CommissionAccrued', data, metadata, recordedAt }, GENESIS_HASH);
  return {
    event: {
      streamId: 'account-p1',
      id: toEsdbEventId('e-1'),
      isJson: true,
      revision: 0n,
      type: 'CommissionAccrued',
      created: new Date(),
      data,
      metadata: JSON.parse(JSON.stringify(encodeMetadata({ eventId: 'e-1', metadata, recordedAt, hash }))) as Record<string, unknown>,
      position: { commit: 4096n, prepare: 4096n },
      ...overrides,
    },
  } as AllStreamResolvedEvent;
}

describe('resolved event to RecordedEvent', () => {
  it('gives back the ledger event with its revision, position, recordedAt and a hash that verifies', () => {
    const recorded = toRecordedEvent(resolvedEvent());
    expect(recorded).toMatchObject({
      eventId: 'e-1',
      type: 'CommissionAccrued',
      data: { amount: 12345, currency: 'EUR' },
      metadata,
      streamId: 'account-p1',
      revision: 0n,
      position: encodePosition({ commit: 4096n, prepare: 4096n }),
      recordedAt: '2026-03-01T09:00:01.000Z',
    });
    expect(computeEventHash(recorded, GENESIS_HASH)).toBe(recorded.hash);
  });

  it("falls back to the resolved event's commit position, and refuses events it cannot read", () => {
    const noPosition = resolvedEvent({ position: undefined });
    expect(toRecordedEvent({ ...noPosition, commitPosition: 8192n }).position).toBe(
      encodePosition({ commit: 8192n, prepare: 8192n }),
    );
    expect(() => toRecordedEvent(noPosition)).toThrow(EsdbDecodeError);
    expect(() => toRecordedEvent(resolvedEvent({ isJson: false }))).toThrow(EsdbDecodeError);
    expect(() => toRecordedEvent({})).toThrow(EsdbDecodeError);
  });

  it('recognises system events by type or stream', () => {
    expect(isSystemEvent('$metadata', 'account-1')).toBe(true);
    expect(isSystemEvent('Settings', '$settings')).toBe(true);
    expect(isSystemEvent('CommissionAccrued', 'account-1')).toBe(false);
  });
});

describe('$all filters', () => {
  it('match on the client: no system events, every given dimension must hold', () => {
    expect(matchesAllFilter('A', 'account-1', undefined)).toBe(true);
    expect(matchesAllFilter('$stats', 'account-1', undefined)).toBe(false);
    expect(matchesAllFilter('A', 'account-1', { eventTypes: ['A'], streamPrefixes: ['account-'] })).toBe(true);
    expect(matchesAllFilter('B', 'account-1', { eventTypes: ['A'], streamPrefixes: ['account-'] })).toBe(false);
    expect(matchesAllFilter('A', 'payout-1', { eventTypes: ['A'], streamPrefixes: ['account-'] })).toBe(false);
    // The port's rule: an empty list does not filter, like an absent one (the SQLite store reads it so too).
    expect(matchesAllFilter('A', 'account-1', { eventTypes: [] })).toBe(true);
    expect(matchesAllFilter('A', 'account-1', { eventTypes: ['B'], streamPrefixes: [] })).toBe(false);
  });

  it('go to the server as an exact event-type regex, else stream prefixes, else "no system events"', () => {
    const byType = toServerFilter({ eventTypes: ['Commission.Accrued', 'Payout(Paid)'], streamPrefixes: ['account-'] });
    expect(byType.filterOn).toBe('eventType');
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(['Commission.Accrued', 'Payout(Paid)'].every((t) => regex.test(t))).toBe(true);
    expect(['CommissionXAccrued', 'Commission.AccruedLater', 'PayoutPaid'].some((t) => regex.test(t))).toBe(false);

    expect(toServerFilter({ streamPrefixes: ['account-'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['account-'] });
    const none = toServerFilter(undefined) as { filterOn: string; regex: string };
    expect(none.filterOn).toBe('eventType');
    expect(new RegExp(none.regex).test('$statsCollected')).toBe(false);
  });

  it('pass server checkpoints on', () => {
    const seen: Position[] = [];
    const filter = toServerFilter({ streamPrefixes: ['a-'] }, (position) => seen.push(position));
    void filter.checkpointReached?.({} as never, { commit: 1n, prepare: 1n });
    expect(seen).toEqual([{ commit: 1n, prepare: 1n }]);
  });
});

describe('stored JSON', () => {
  it('is what a reader gets back, so the hash is computed over that', () => {
    expect(toStoredJson({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined }, 'data')).toEqual({
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => toStoredJson({ amount: 10n }, 'data')).toThrow(InvalidAppendError);
    expect(() => toStoredJson(undefined, 'data')).toThrow(InvalidAppendError);
  });
});
