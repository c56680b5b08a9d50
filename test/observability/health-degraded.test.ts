import { describe, expect, it } from 'vitest';
import { ReadSideProgress } from '../../src/api/read-side/read-side-progress';
import type { EventStore } from '../../src/event-store/event-store.port';
import { HealthController } from '../../src/observability/health.controller';
import type { ProjectionAvailability, ProjectionEngine } from '../../src/projection-engine';

const store = { kind: 'sqlite', ping: async () => true, headPosition: async () => 9n } as unknown as EventStore;

function engineWith(states: Record<string, ProjectionAvailability>): ProjectionEngine {
  return { names: () => Object.keys(states), availability: (name: string) => states[name]! } as unknown as ProjectionEngine;
}

describe('/health with read models that are not served', () => {
  it('stays 200 (commands work) but says degraded and names them; the lag is the serving read side’s', async () => {
    const progress = new ReadSideProgress();
    progress.advance(9n);
    const health = new HealthController(
      store,
      progress,
      engineWith({
        commissions: { available: false, reason: 'failed' },
        'audit-trail': { available: false, reason: 'other-version' },
        ledger: { available: true },
      }),
    );
    expect(await health.health()).toEqual({
      status: 'degraded',
      store: { reachable: true, kind: 'sqlite', headPosition: '9' },
      projections: {
        checkpoint: '9',
        lag: '0',
        notServing: [
          { name: 'commissions', reason: 'failed' },
          { name: 'audit-trail', reason: 'other-version' },
        ],
      },
    });
  });

  it('is ok when every read model serves', async () => {
    const health = new HealthController(store, new ReadSideProgress(), engineWith({ ledger: { available: true } }));
    expect((await health.health()).status).toBe('ok');
  });
});
