import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CONFIG, EVENT_STORE, READ_DB } from '../../src/api/core/tokens';
import { ReadSideProgress } from '../../src/api/read-side/read-side-progress';
import { LedgerMetrics } from '../../src/observability/metrics';
import { startTestApp, type TestApp } from '../support/test-app';
import { ShellTestModule } from './support/shell-test.module';

describe('the app boots through SWC and Nest resolves its dependencies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ modules: [ShellTestModule] });
  });
  afterAll(async () => t?.close());

  it('injects the core services by token and by class', async () => {
    const store = t.app.get(EVENT_STORE);
    expect(store.kind).toBe('sqlite');
    expect(await store.ping()).toBe(true);
    expect(t.app.get(CONFIG).dbPath).toBe(t.dbPath);
    expect(t.app.get(READ_DB).open).toBe(true);
    expect(t.app.get(ReadSideProgress).checkpoint).toBe(0n);
    expect(t.app.get(LedgerMetrics).registry).toBeDefined();
    expect(t.app.get(CommandBus)).toBeInstanceOf(CommandBus);
    expect(t.app.get(QueryBus)).toBeInstanceOf(QueryBus);
  });

  it('a controller constructed by DI reaches the store (constructor injection through decorator metadata)', async () => {
    const res = await t.request('POST', '/test/notes', { role: 'finance', body: { streamId: 's1', note: 'hello' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ streamId: 'note-s1', revision: '0', position: '1' });
    expect(res.body.eventIds).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('closes the event store and the read database when the app closes', async () => {
    const t = await startTestApp();
    const store = t.app.get(EVENT_STORE);
    const readDb = t.app.get(READ_DB);
    await t.close();
    expect(readDb.open).toBe(false);
    await expect(Promise.resolve().then(() => store.headPosition())).rejects.toThrow(/closed/);
  });
});
