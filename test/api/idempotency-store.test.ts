import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../src/api/idempotency/idempotency.store';
import { requestFingerprint } from '../../src/api/idempotency/request-fingerprint';

describe('IdempotencyStore', () => {
  let db: Database.Database;
  let store: IdempotencyStore;
  beforeEach(() => {
    db = new Database(':memory:');
    store = new IdempotencyStore(db, 1_000);
  });
  afterEach(() => db.close());

  it('reserves a new key, reports it in flight, then replays the completed answer', () => {
    expect(store.reserve('alice', 'k', 'h1', 0)).toEqual({ kind: 'reserved' });
    expect(store.reserve('alice', 'k', 'h1', 10)).toEqual({ kind: 'in_flight' });
    store.complete('alice', 'k', 'h1', 201, '{"ok":true}');
    expect(store.reserve('alice', 'k', 'h1', 20)).toEqual({ kind: 'replay', status: 201, body: '{"ok":true}' });
  });

  it('reports a different request under the same key as reused, in flight or done', () => {
    store.reserve('alice', 'k', 'h1', 0);
    expect(store.reserve('alice', 'k', 'h2', 1)).toEqual({ kind: 'reused' });
    store.complete('alice', 'k', 'h1', 201, '{}');
    expect(store.reserve('alice', 'k', 'h2', 2)).toEqual({ kind: 'reused' });
  });

  it('frees a released key for a new attempt', () => {
    store.reserve('alice', 'k', 'h1', 0);
    store.release('alice', 'k', 'h1');
    expect(store.reserve('alice', 'k', 'h2', 1)).toEqual({ kind: 'reserved' });
  });

  it('lets a reservation abandoned past its lease be taken over', () => {
    store.reserve('alice', 'k', 'h1', 0);
    expect(store.reserve('alice', 'k', 'h1', 999)).toEqual({ kind: 'in_flight' });
    expect(store.reserve('alice', 'k', 'h1', 1_000)).toEqual({ kind: 'reserved' });
    expect(store.reserve('alice', 'k', 'h1', 1_001)).toEqual({ kind: 'in_flight' });
  });

  it('scopes keys per principal', () => {
    store.reserve('alice', 'k', 'h1', 0);
    expect(store.reserve('bob', 'k', 'h2', 0)).toEqual({ kind: 'reserved' });
  });
});

describe('requestFingerprint', () => {
  const base = { method: 'POST', url: '/v1/partners', principalId: 'alice', body: { a: 1, b: [1, 2] } };
  it('ignores the order of body keys', () => {
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base, body: { b: [1, 2], a: 1 } }));
  });
  it('differs by method, path, principal and body', () => {
    const h = requestFingerprint(base);
    expect(requestFingerprint({ ...base, url: '/v1/offers' })).not.toBe(h);
    expect(requestFingerprint({ ...base, principalId: 'bob' })).not.toBe(h);
    expect(requestFingerprint({ ...base, body: { a: 2, b: [1, 2] } })).not.toBe(h);
    expect(requestFingerprint({ ...base, body: { a: 1, b: [2, 1] } })).not.toBe(h);
  });
});
