import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessManager } from '../../src/process-managers/process-manager';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner';
import { tempStore, type TempStore } from './pm-fixtures';

/** A manager whose every event takes `ms` of work that resolves in microtasks only (as a refused effect does). */
function slowManager(ms: number): ProcessManager {
  return {
    name: 'slow',
    eventTypes: ['ReferralRegistered'],
    async handle() {
      const until = performance.now() + ms;
      while (performance.now() < until);
      return [];
    },
  };
}

describe('process manager runner', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(async () => t.dispose());

  it('lets the event loop turn within a batch that takes long, so the service keeps answering', async () => {
    for (let i = 0; i < 4; i++) {
      await t.store.append(`referral-r${i}`, [
        {
          eventId: randomUUID(),
          type: 'ReferralRegistered',
          data: {},
          metadata: { occurredAt: '2026-09-01T00:00:00.000Z', actor: { principalId: 'tester', role: 'admin' }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
        },
      ], 'no_stream');
    }
    const runner = new ProcessManagerRunner({ store: t.store, managers: [slowManager(25)], checkpoints: join(t.dir, 'read.db') });
    let handledWhenTheLoopTurned: number | undefined;
    setImmediate(() => (handledWhenTheLoopTurned = runner.status().handled));

    const status = await runner.catchUp();

    expect(status.handled).toBe(4);
    // One batch of four events of 25 ms each: the loop turns after the first, not after the batch.
    expect(handledWhenTheLoopTurned).toBe(1);
    await runner.close();
  });
});
