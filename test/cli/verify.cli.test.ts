import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { storyStore, type StoryStore } from '../read-side/support/story-store';
import { tamperWithEvent } from '../read-side/support/tamper';
import { ledger } from './cli-harness';

describe('ledger verify', () => {
  let s: StoryStore;
  beforeAll(async () => {
    s = await storyStore();
  });
  afterAll(() => rmSync(s.dir, { recursive: true, force: true }));

  it('exits 0 and says so when every chain is intact', async () => {
    const result = await ledger(['verify', '--db', s.dbPath]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^intact: \d+ events in \d+ streams/);
  });

  it('takes the store file from LEDGER_DB like the service, and prints JSON on request', async () => {
    const result = await ledger(['verify', '--json'], { LEDGER_DB: s.dbPath });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, streamsChecked: expect.any(Number) });
  });

  it('exits 1 when there is no store, without creating one', async () => {
    const missing = join(s.dir, 'nothing', 'ledger.db');
    const result = await ledger(['verify', '--db', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no event store at ${missing}`);
  });

  it('exits 1 on bad usage', async () => {
    expect((await ledger(['verify', '--store', 'cassandra', '--db', s.dbPath])).code).toBe(1);
    expect((await ledger(['verify', '--store', 'esdb'])).stderr).toContain('needs --connection');
    expect((await ledger(['frobnicate'])).code).toBe(1);
  });

  it('exits 2 and names the first broken link after someone edits the file', async () => {
    const store = SqliteEventStore.open(s.dbPath);
    const [, approved] = await store.readStream('payout-pay-agency');
    await store.close();
    tamperWithEvent(s.dbPath, approved!.eventId, 'approvedBy', 'mallory');
    const result = await ledger(['verify', '--db', s.dbPath]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`BROKEN: stream payout-pay-agency at revision 1 (position ${approved!.position}, event ${approved!.eventId})`);
  });
});
