import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { GENESIS_HASH } from '../../src/event-store/hash-chain';
import { classifyReplay, type StoredEventRef } from '../../src/event-store/esdb/esdb-idempotency';
import { KnownStream, StreamIdIndex } from '../../src/event-store/esdb/esdb-stream-index';

function recorded(streamId: string, revision: bigint, eventId = `${streamId}#${revision}`): RecordedEvent {
  return {
    eventId,
    type: 'Thing',
    data: {},
    metadata: {
      occurredAt: '2026-01-01T00:00:00.000Z',
      actor: { principalId: 'u', role: 'finance' },
      correlationId: 'c',
      causationId: null,
      schemaVersion: 1,
    },
    streamId,
    revision,
    position: 1000n + revision,
    recordedAt: '2026-01-01T00:00:00.000Z',
    hash: `hash-of-${eventId}`,
  };
}

describe('classifying an append against what is stored', () => {
  const stored = new Map<string, StoredEventRef>([
    ['a', { streamId: 's', revision: 0n, position: 10n }],
    ['b', { streamId: 's', revision: 1n, position: 20n }],
    ['c', { streamId: 's', revision: 2n, position: 30n }],
    ['x', { streamId: 'other', revision: 0n, position: 5n }],
  ]);
  const lookup = (id: string) => stored.get(id);

  it('is new when no id is stored', () => {
    expect(classifyReplay('s', ['n1', 'n2'], lookup)).toEqual({ kind: 'new' });
  });

  it('is a replay when every id is stored in this stream, consecutively, in this order', () => {
    expect(classifyReplay('s', ['a', 'b'], lookup)).toEqual({ kind: 'replay', last: stored.get('b') });
    expect(classifyReplay('s', ['b', 'c'], lookup)).toEqual({ kind: 'replay', last: stored.get('c') });
  });

  it('is a conflict for a partial overlap, another order, a gap, or another stream', () => {
    for (const ids of [['a', 'n1'], ['n1', 'a'], ['b', 'a'], ['a', 'c'], ['a', 'b', 'c', 'n1']]) {
      expect(classifyReplay('s', ids, lookup).kind, ids.join(',')).toBe('conflict');
    }
    const elsewhere = classifyReplay('s', ['x'], lookup);
    expect(elsewhere).toMatchObject({ kind: 'conflict' });
    expect((elsewhere as { detail: string }).detail).toContain('other');
  });
});

describe('known streams', () => {
  it('track the tail revision and hash, starting from "no stream" and the genesis hash', () => {
    const known = new KnownStream();
    expect(known.revision).toBeNull();
    expect(known.hash).toBe(GENESIS_HASH);
    expect(known.extend([recorded('s', 0n), recorded('s', 1n)])).toBe(true);
    expect(known.revision).toBe(1n);
    expect(known.hash).toBe('hash-of-s#1');
    expect(known.ids.get('s#0')).toEqual({ streamId: 's', revision: 0n, position: 1000n });
  });

  it('skip events they already hold, as when a whole-stream read overtook an append', () => {
    const known = KnownStream.fromStart([recorded('s', 0n), recorded('s', 1n)]);
    expect(known.extend([recorded('s', 1n), recorded('s', 2n)])).toBe(true);
    expect(known.revision).toBe(2n);
    expect(known.ids.size).toBe(3);
  });

  it('refuse events that do not continue the tail, and stay unchanged', () => {
    const known = KnownStream.fromStart([recorded('s', 0n)]);
    expect(known.extend([recorded('s', 2n)])).toBe(false);
    expect(known.revision).toBe(0n);
    expect(known.ids.size).toBe(1);
    expect(() => KnownStream.fromStart([recorded('s', 1n)])).toThrow(RangeError);
  });
});

describe('the stream id index', () => {
  it('locates an id in any kept stream (the cross-stream check)', () => {
    const index = new StreamIdIndex(100);
    index.keep('s', KnownStream.fromStart([recorded('s', 0n, 'id-1')]));
    expect(index.locate('id-1')).toEqual({ streamId: 's', revision: 0n, position: 1000n });
    expect(index.locate('id-2')).toBeUndefined();
  });

  it('extends a kept stream, and drops it when the new events leave a gap', () => {
    const index = new StreamIdIndex(100);
    index.keep('s', KnownStream.fromStart([recorded('s', 0n)]));
    expect(index.extend('s', [recorded('s', 1n)])).toBe(true);
    expect(index.get('s')?.revision).toBe(1n);
    expect(index.extend('s', [recorded('s', 5n)])).toBe(false);
    expect(index.get('s')).toBeUndefined();
    expect(index.locate('s#0')).toBeUndefined();
    expect(index.extend('never-kept', [recorded('never-kept', 0n)])).toBe(false);
  });

  it('evicts the least recently used streams beyond its id budget, and never keeps one larger than it', () => {
    const index = new StreamIdIndex(4);
    index.keep('a', KnownStream.fromStart([recorded('a', 0n), recorded('a', 1n)]));
    index.keep('b', KnownStream.fromStart([recorded('b', 0n), recorded('b', 1n)]));
    index.get('a'); // a is now the most recently used
    index.keep('c', KnownStream.fromStart([recorded('c', 0n)]));
    expect(index.get('b')).toBeUndefined();
    expect(index.get('a')).toBeDefined();
    expect(index.get('c')).toBeDefined();
    expect(index.locate('b#0')).toBeUndefined();

    index.keep('huge', KnownStream.fromStart([0n, 1n, 2n, 3n, 4n].map((r) => recorded('huge', r))));
    expect(index.get('huge')).toBeUndefined();
    expect(index.get('a')).toBeDefined();
  });
});
