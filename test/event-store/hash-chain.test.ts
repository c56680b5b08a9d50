import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/event-store/canonical-json';
import { computeEventHash, GENESIS_HASH } from '../../src/event-store/hash-chain';

const event = {
  eventId: 'e-1',
  type: 'ReferralConverted',
  data: { revenue: { currency: 'EUR', amount: 1000 }, referralId: 'r-1' },
  metadata: {
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: { principalId: 'alice', role: 'finance' },
    correlationId: 'c-1',
    causationId: null,
    schemaVersion: 1,
  },
  recordedAt: '2026-01-01T00:00:01.000Z',
};

describe('canonical JSON', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
  });
  it('drops undefined members and writes bigint as a decimal string', () => {
    expect(canonicalJson({ a: undefined, b: 10n })).toBe('{"b":"10"}');
  });
});

describe('hash chain', () => {
  it('is stable for the same event and previous hash', () => {
    expect(computeEventHash(event, GENESIS_HASH)).toBe(computeEventHash({ ...event }, GENESIS_HASH));
    expect(computeEventHash(event, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('changes when the data, the recording time, the id or the previous link changes', () => {
    const base = computeEventHash(event, GENESIS_HASH);
    expect(computeEventHash({ ...event, data: { ...event.data, referralId: 'r-2' } }, GENESIS_HASH)).not.toBe(base);
    expect(computeEventHash({ ...event, recordedAt: '2026-01-02T00:00:00.000Z' }, GENESIS_HASH)).not.toBe(base);
    expect(computeEventHash({ ...event, eventId: 'e-2' }, GENESIS_HASH)).not.toBe(base);
    expect(computeEventHash(event, 'f'.repeat(64))).not.toBe(base);
  });
});
