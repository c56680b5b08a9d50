import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_DB } from '../../src/api/core/tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { created, head, storeOf, strongCard } from './partners.fixtures';

const withKey = (key: string) => ({ 'idempotency-key': key });

describe('Idempotency-Key: the first answer stands, even across a crash', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('replays a refusal decided on the ledger’s state, though the state has changed since', async () => {
    const screen = () => t.request('POST', '/v1/partners/late-partner/screenings', { role: 'partner-manager', body: strongCard, headers: withKey('screen-late') });
    const first = await screen();
    expect(first.status, first.text).toBe(404);
    await created(t, '/v1/partners', { partnerId: 'late-partner', name: 'Late Partner' });
    const before = await head(t);

    const retried = await screen();
    expect(retried.status).toBe(404);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await head(t)).toBe(before);
  });

  it('a request taken over after a crash between its append and its stored answer appends nothing twice', async () => {
    await created(t, '/v1/partners', { partnerId: 'crash-partner', name: 'Crash Partner' });
    const send = () => t.request('POST', '/v1/partners/crash-partner/screenings', { role: 'partner-manager', body: strongCard, headers: withKey('screen-crash') });
    const first = await send();
    expect(first.status, first.text).toBe(201);
    // What a process that died right after the append leaves: the key still in flight, its lease long expired.
    const readDb = t.app.get<Database.Database>(READ_DB);
    const reset = readDb
      .prepare("UPDATE idempotency_keys SET state = 'in_flight', status = NULL, body = NULL, reserved_at = 0 WHERE idem_key = ?")
      .run('screen-crash');
    expect(reset.changes).toBe(1);
    const before = await head(t);

    const takenOver = await send();
    expect(takenOver.status, takenOver.text).toBe(200);
    expect(takenOver.body).toMatchObject({ streamId: 'partner-crash-partner', eventIds: first.body.eventIds, position: first.body.position });
    expect(await head(t)).toBe(before);
    const screenings = (await storeOf(t).readStream('partner-crash-partner')).filter((e) => e.type === 'PartnerScreened');
    expect(screenings).toHaveLength(1);
  });
});
