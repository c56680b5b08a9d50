import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from '../../../src/event-store/event-store.port';
import type { ProjectionDefinition } from '../../../src/projection-engine/projection-definition';
import { ProjectionEngine } from '../../../src/projection-engine/projection-engine';
import type { ProjectionSource } from '../../../src/projection-engine/projection-source';
import type { GivenEvent } from '../../projections/support/ledger-events';
import { toNewEvent } from '../../projections/support/project';

export interface Workspace {
  dir: string;
  store: SqliteEventStore;
  readModelPath: string;
  append(...events: GivenEvent[]): Promise<bigint>;
  dispose(): Promise<void>;
}

/** A real SQLite event store and a read-model path in a fresh temporary directory. */
export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'projection-engine-'));
  // A clock a second apart per commit, so every append has its own recordedAt for the as-of tests.
  let tick = Date.parse('2026-03-01T00:00:00.000Z');
  const clock = () => new Date((tick += 1000));
  const store = SqliteEventStore.open(join(dir, 'events.db'), { pollIntervalMs: 20, clock });
  return {
    dir,
    store,
    readModelPath: join(dir, 'read-models.db'),
    async append(...events) {
      let position = 0n;
      for (const event of events) position = (await store.append(event.streamId, [toNewEvent(event)], 'any')).position;
      return position;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type EngineOptions = ConstructorParameters<typeof ProjectionEngine>[0];

/** What the engine tests of a file share: a fresh workspace per test, and the engines it made, closed after it. */
export interface EngineScope {
  readonly ws: Workspace;
  /** Engines to close after the test (a test that closes one itself takes it out). */
  readonly engines: ProjectionEngine[];
  /** An engine on the workspace's store and read-model file, with the scope's defaults, closed after the test. */
  engineWith(projections: ProjectionDefinition[], options?: Partial<EngineOptions>): ProjectionEngine;
  /** Builds the read models once with an engine that is then closed, as a previous run of the service would. */
  builtAndClosed(projections: ProjectionDefinition[]): Promise<void>;
}

/** Registers the hooks that give every test of the calling file its own EngineScope contents. */
export function engineScope(defaults: Partial<EngineOptions> = {}): EngineScope {
  let current: Workspace | undefined;
  const engines: ProjectionEngine[] = [];
  beforeEach(() => {
    current = workspace();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    await current?.dispose();
    current = undefined;
  });
  const scope: EngineScope = {
    get ws(): Workspace {
      if (!current) throw new Error('the workspace exists only while a test runs');
      return current;
    },
    engines,
    engineWith(projections, options = {}) {
      const engine = new ProjectionEngine({ store: scope.ws.store, path: scope.ws.readModelPath, projections, ...defaults, ...options });
      engines.push(engine);
      return engine;
    },
    async builtAndClosed(projections) {
      const engine = scope.engineWith(projections);
      await engine.catchUp();
      await engine.close();
      engines.splice(engines.indexOf(engine), 1);
    },
  };
  return scope;
}

/**
 * A source whose one-shot reads (rebuilds, catch-up, replays) wait at a gate the test opens; the live
 * subscription is not gated. Lets a test look at the engine while a rebuild is half-way.
 */
export class GatedSource implements ProjectionSource {
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  readsStarted = 0;

  constructor(private readonly inner: ProjectionSource) {}

  close(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  open(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.readsStarted++;
    await this.gate;
    return this.inner.readAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }
}

/**
 * A source whose one-shot reads answer a few turns of the event loop late, so that appends and live batches
 * slip in between a rebuild reading $all and acting on what it read: the race the swap must get right.
 */
export class LaggingSource implements ProjectionSource {
  constructor(
    private readonly inner: ProjectionSource,
    private readonly turns: number,
  ) {}

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll(options);
    for (let i = 0; i < this.turns; i++) await new Promise((resolve) => setImmediate(resolve));
    return events;
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }
}

/** Counts referrals per partner: small enough that a test can state the whole read model. */
export function counterProjection(version = 1, weight = 1): ProjectionDefinition {
  return {
    name: 'counter',
    version,
    eventTypes: ['ReferralRegistered'],
    collections: { partner: 'small' },
    handle(event, store) {
      const { partnerId } = event.data as { partnerId: string };
      const doc = store.get<{ count: number; last: number }>('partner', partnerId) ?? { count: 0, last: 0 };
      store.put('partner', partnerId, { count: doc.count + weight, last: Number(event.position) });
    },
  };
}

export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
