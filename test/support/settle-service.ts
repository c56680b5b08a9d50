import { expect } from 'vitest';
import { EVENT_STORE } from '../../src/api/core/tokens';
import type { EventStore } from '../../src/event-store/event-store.port';
import { allProcessManagers } from '../../src/process-managers/all-process-managers';
import { ProcessManagerRunner } from '../../src/process-managers/process-manager-runner';
import { ProjectionEngine } from '../../src/projection-engine/projection-engine';
import type { TestApp } from './test-app';

const PM_EVENT_TYPES = [...new Set(allProcessManagers.flatMap((manager) => manager.eventTypes))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until nothing is left to happen in the background: the process-manager runner has handled every event
 * it follows (so the accruals, reservations, settlements… it appends are in the store), the store's head no
 * longer moves, and the live engine has reached that head. Returns the head. The runner's checkpoint alone
 * says little: it follows some event types only, so it stops short of a head made of others.
 */
export async function settleService(t: TestApp, timeoutMs = 30_000): Promise<bigint> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const runner = t.app.get(ProcessManagerRunner);
  const engine = t.app.get(ProjectionEngine);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = runner.status();
    expect(status.state, `process managers: ${status.error}`).not.toBe('failed');
    const head = await store.headPosition();
    const unhandled = await store.readAll({ after: status.checkpoint, filter: { eventTypes: PM_EVENT_TYPES }, maxCount: 1 });
    if (unhandled.length === 0 && (await engine.waitForPosition(head, { timeoutMs: 20_000 })) && (await store.headPosition()) === head) {
      return head;
    }
    if (Date.now() > deadline) throw new Error(`the service did not settle: head ${head}, runner at ${status.checkpoint}`);
    await sleep(20);
  }
}
