import { mkdirSync } from 'node:fs';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { dirname } from 'node:path';
import { eventDefinition } from '../domain/event-catalogue';
import type { RecordedEvent, Subscription } from '../event-store/event-store.port';
import { applyBatch, lowestCheckpoint, PendingBatch, projectEvents, type BatchTarget, type CommitPolicy } from './apply-batch';
import { catchUpInWorker, type CatchUpOutcome, type ParallelCatchUp } from './catch-up-worker';
import type { StoredDocument } from './document-table';
import { fingerprintOf } from './fingerprint';
import {
  COLLECTION_NAME_PATTERN,
  COLLECTION_SIZES,
  PROJECTION_NAME_PATTERN,
  type ListOptions,
  type ProjectionDefinition,
  type ReadModelReader,
} from './projection-definition';
import {
  EngineStateError,
  InvalidProjectionError,
  UnknownProjectionError,
  type ProjectionHandlerError,
} from './projection-engine.errors';
import { readPlanOf, readStep, type ProjectionSource, type ReadPlan } from './projection-source';
import type { JobProgress, ProjectionAvailability, ProjectionFailure, ProjectionStatus } from './projection-status';
import { RebuildJob, type RebuildHost } from './rebuild-job';
import { buildShadowsInWorkers, workersProgress, type ShadowWorkers } from './shadows-in-workers';
import { ReadModelDatabase, type GenerationRow, type RetiredTable } from './read-model-database';
import { removeReadModelFiles } from './read-model-files';
import { replayToPoint, type ReplayOptions, type ReplayResult } from './replay-to-point';

export interface ProjectionEngineOptions {
  store: ProjectionSource;
  /**
   * The read models' SQLite file (created when missing), or ':memory:'. Keep it apart from the event store's
   * file. One engine per file: the engine caches what it wrote, so a second writer of the same read-model
   * tables would go unseen.
   */
  path: string;
  projections: readonly ProjectionDefinition[];
  /** Events per batch and per transaction of the live subscription. Default 5000. */
  batchSize?: number;
  /**
   * Events per read of $all in bulk: catchUp(), rebuilds and replays. Default 2000 (or `batchSize`, when only
   * that is given): small reads let each read's events die young, and commits are sized separately.
   */
  bulkBatchSize?: number;
  /**
   * Events per transaction in bulk: reads are committed together until this many events (or 24 MiB of
   * serialised documents) wait, so a hot document is written once per commit rather than once per read.
   * Default 100000 for catchUp() and replays; 10000 for a rebuild running beside the live service, whose
   * commits block the event loop while they write.
   */
  bulkCommitEvents?: number;
  durability?: 'normal' | 'full';
  /**
   * Projections kept in a read-model file of their own beside `path` (see ReadModelDatabaseOptions.ownFiles):
   * what lets catchUp() build them side by side.
   */
  ownFiles?: readonly string[];
  /**
   * Worker threads: catchUp() builds each read-model file in a thread of its own (when `ownFiles` makes
   * several), and every rebuild builds its shadows that way, one thread per file, before it reads the last
   * events and swaps in this one.
   */
  parallel?: ParallelCatchUp;
  /** Called after every live batch commits, with the $all position every running projection has reached. */
  onAdvance?: (position: bigint) => void;
  /** Failures the engine survives (a projection's handler throwing, the subscription dropping): for logs. */
  onError?: (error: Error) => void;
  /**
   * catchUp() has read everything and now creates the key indexes a build from scratch leaves for its end
   * (write-only collections: seconds per million events, with no events to count): for progress reporting.
   * Heard from worker threads too.
   */
  onIndexing?: (projection: string, collections: readonly string[]) => void;
  /** Wait before re-subscribing after the subscription failed. Default 1000 ms. */
  retryDelayMs?: number;
}

export interface WaitOptions {
  /** Wait for this projection only; default: every projection that is running. */
  projection?: string;
  /** Default 5000 ms. */
  timeoutMs?: number;
}

export interface RebuildHandle {
  jobId: string;
  done: Promise<JobProgress>;
}

interface Slot {
  readonly definition: ProjectionDefinition;
  readonly fingerprint: string;
  /** The generation serving reads. */
  active: BatchTarget;
  /** Advanced by the live loop; false while its stored read model is stale (other version) or after a failure. */
  participating: boolean;
  failure: ProjectionFailure | undefined;
  job: RebuildJob | undefined;
  /** A shadow generation left by an interrupted rebuild of the current fingerprint: resumed, not restarted. */
  resumableShadow: GenerationRow | undefined;
  needsRebuild: boolean;
}

interface Waiter {
  position: bigint;
  projection: string | undefined;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_BATCH_SIZE = 5000;
const DEFAULT_BULK_BATCH_SIZE = 2_000;
const DEFAULT_BULK_COMMIT_EVENTS = 100_000;
const DEFAULT_LIVE_REBUILD_COMMIT_EVENTS = 10_000;
/** Serialised documents a bulk commit may hold in memory before it is written anyway. */
const BULK_COMMIT_BYTES = 24 * 1024 * 1024;
const DEFAULT_WAIT_MS = 5000;
const WAITER_POLL_MS = 100;

/**
 * Runs pure projection definitions over $all into SQLite read models: one shared read of the store feeds every
 * running projection, and each batch commits all their documents with their checkpoints in one transaction.
 * Rebuilds go into shadow generations and swap in atomically; replays build throwaway read models up to a point.
 */
export class ProjectionEngine {
  readonly database: ReadModelDatabase;
  private readonly source: ProjectionSource;
  private readonly slots = new Map<string, Slot>();
  /** What a read of $all asks for on behalf of all of this engine's projections (the types, the payloads). */
  private readonly readPlan: ReadPlan;
  private readonly batchSize: number;
  private readonly bulkBatchSize: number;
  private readonly bulkCommit: CommitPolicy;
  /** For a rebuild beside the live service. */
  private readonly liveRebuildCommit: CommitPolicy;
  private readonly jobsById = new Map<string, RebuildJob>();
  /** Tables of swapped-out generations, still to drop (see dropRetiredTables). */
  private readonly retiredTables: RetiredTable[] = [];
  private readonly waiters = new Set<Waiter>();
  private subscription: Subscription | undefined;
  private running = false;
  /** catchUp() is running: it has the database to itself (start(), rebuild() and another catchUp() refuse). */
  private catchingUp = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiterPoll: NodeJS.Timeout | undefined;
  /** Position of the last batch the live loop committed (its subscription's checkpoint). */
  private livePosition = 0n;
  /** How far the live subscription has scanned $all, filtered-out events included. */
  private scannedPosition = 0n;

  constructor(private readonly options: ProjectionEngineOptions) {
    this.source = options.store;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.bulkBatchSize = options.bulkBatchSize ?? options.batchSize ?? DEFAULT_BULK_BATCH_SIZE;
    const commitEvents = options.bulkCommitEvents ?? DEFAULT_BULK_COMMIT_EVENTS;
    this.bulkCommit = { events: commitEvents, bytes: BULK_COMMIT_BYTES };
    this.liveRebuildCommit = {
      events: options.bulkCommitEvents ?? DEFAULT_LIVE_REBUILD_COMMIT_EVENTS,
      bytes: BULK_COMMIT_BYTES / 4,
    };
    const sizes = [
      ['batchSize', this.batchSize],
      ['bulkBatchSize', this.bulkBatchSize],
      ['bulkCommitEvents', commitEvents],
    ] as const;
    for (const [name, size] of sizes) {
      if (!Number.isInteger(size) || size < 1) throw new InvalidProjectionError(`${name} must be a positive integer, got ${size}`);
    }
    validateDefinitions(options.projections);
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const unknownOwn = (options.ownFiles ?? []).filter((name) => !options.projections.some((p) => p.name === name));
    if (unknownOwn.length > 0) throw new InvalidProjectionError(`ownFiles names no projection of this engine: ${unknownOwn.join(', ')}`);
    // A projection of this engine that had a file of its own and has none now is rebuilt in the main file.
    const inMainFile = options.projections.map((p) => p.name).filter((name) => !(options.ownFiles ?? []).includes(name));
    if (options.path !== ':memory:') removeReadModelFiles(options.path, inMainFile, { mainFile: false });
    this.database = ReadModelDatabase.open(options.path, { durability: options.durability, ownFiles: options.ownFiles });
    this.database.dropOrphanTables();
    for (const definition of options.projections) this.slots.set(definition.name, this.openSlot(definition));
    this.readPlan = readPlanOf(options.projections);
  }

  get definitions(): ProjectionDefinition[] {
    return [...this.slots.values()].map((slot) => slot.definition);
  }

  /**
   * Starts the rebuilds a changed version asks for (and, with worker threads, builds the projections that start
   * empty on a store that has events the same way), then follows $all from the checkpoints. Returns at once.
   */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.catchingUp) throw new EngineStateError('start() waits for the running catchUp() to finish');
    this.running = true;
    // Following $all live writes each batch as it comes, and any of them may be read at once: no read model
    // goes on without the key indexes a bulk build leaves for its end (one interrupted before then, say).
    for (const slot of this.slots.values()) slot.active.table.indexKeys();
    await this.buildEmptyOnesInWorkers();
    this.startPendingRebuild();
    await this.openSubscription();
  }

  /**
   * One-shot: brings every projection up to the current head (rebuilds included) without subscribing, and
   * returns the position reached. For the CLI and the benchmark; refused while the engine is started.
   *
   * It has the read-model database to itself while it runs, and uses that: documents written without being
   * read go to SQLite as they are produced, into a transaction that stays open until the commit (every
   * `bulkCommitEvents`), instead of waiting in memory. Durability is the engine's usual one (WAL, same
   * synchronous setting); a crash loses at most the open commit, which the next run reads again.
   */
  async catchUp(): Promise<bigint> {
    if (this.running) throw new EngineStateError('catchUp() is for a stopped engine; a started one follows $all itself');
    if (this.catchingUp) throw new EngineStateError('catchUp() is already running');
    this.catchingUp = true;
    try {
      return await this.catchUpAlone();
    } finally {
      this.catchingUp = false;
    }
  }

  private async catchUpAlone(): Promise<bigint> {
    // A rebuild started earlier (rebuild() on a stopped engine) writes with transactions of its own: let it
    // finish before this one holds a transaction open.
    await Promise.all([...this.jobsById.values()].filter((job) => job.isRunning).map((job) => job.done));
    const pending = this.startPendingRebuild();
    if (pending) await pending.done;
    const groups = this.workerGroups();
    if (groups.length > 0) await this.catchUpInWorkers(groups);
    return this.bulkCatchUp(() => this.participants());
  }

  /**
   * What worker threads can build: the running projections, one group per read-model file, when at least one
   * of them has a file of its own (else there is nothing to build side by side).
   */
  private workerGroups(): Slot[][] {
    if (!this.options.parallel || this.options.path === ':memory:') return [];
    const running = this.participants();
    const own = running.filter((slot) => this.database.hasOwnFile(slot.definition.name));
    if (own.length === 0) return [];
    const main = running.filter((slot) => !this.database.hasOwnFile(slot.definition.name));
    return [...(main.length > 0 ? [main] : []), ...own.map((slot) => [slot])];
  }

  /**
   * One worker thread per read-model file builds it while this thread waits (its heap stays small, and each
   * worker's is capped: see ParallelCatchUp.workerHeapMb); then this connection takes the files back and every
   * projection carries on from the checkpoint its worker committed. A worker that fails costs only time: its
   * projections resume here from whatever it committed.
   */
  private async catchUpInWorkers(groups: Slot[][]): Promise<void> {
    const parallel = this.options.parallel!;
    const progress = workersProgress(groups.length, (position, events) => parallel.onProgress?.(position, events));
    for (const slot of groups.flat()) {
      this.database.forget(slot.definition.name);
      this.database.detach(slot.definition.name);
    }
    const outcomes = await Promise.allSettled(
      groups.map((group, index) =>
        catchUpInWorker(
          parallel,
          {
            path: this.database.fileOf(group[0]!.definition.name),
            projections: group.map((slot) => ({ name: slot.definition.name, fingerprint: slot.fingerprint })),
            batchSize: this.batchSize,
            bulkBatchSize: this.bulkBatchSize,
            bulkCommitEvents: this.bulkCommit.events,
            ...(this.options.durability !== undefined ? { durability: this.options.durability } : {}),
          },
          (position, events) => progress(index, position, events),
          this.options.onIndexing ? { onIndexing: this.options.onIndexing } : {},
        ),
      ),
    );
    for (const slot of groups.flat()) {
      this.database.attach(slot.definition.name);
      const row = this.database.generation(slot.definition.name, 'active');
      if (row) slot.active = this.targetOf(slot.definition, row);
    }
    for (const outcome of outcomes) this.reportWorker(outcome);
  }

  private reportWorker(outcome: PromiseSettledResult<CatchUpOutcome>): void {
    if (outcome.status === 'rejected') this.reportError(outcome.reason);
    else for (const message of outcome.value.errors) this.reportError(new Error(message));
  }

  /** Reads $all in bulk until the selected projections have reached the head, streaming their commits. */
  private async bulkCatchUp(select: () => Slot[]): Promise<bigint> {
    const lowest = (): bigint | undefined => lowestCheckpoint(select().map((slot) => slot.active));
    let after = lowest() ?? (await this.source.headPosition());
    const participants = select();
    if (participants.length === 0) return after;
    // Nothing else writes while catchUp() runs (start() and rebuild() refuse), so the batch may stream.
    const batch = new PendingBatch(this.database, participants.map((slot) => slot.active), { stream: true });
    this.database.enterBulk();
    try {
      for (;;) {
        const step = await readStep(this.source, after, this.bulkBatchSize, this.readPlan);
        const { failures, rewound } = batch.handle(step.events.length > 0 ? projectEvents(step.events) : [], step.reached);
        for (const [target, failure] of failures) this.markFailed(this.slot(target.definition.name), failure);
        if (select().length === 0) return after;
        if (rewound) {
          after = lowest()!;
          continue;
        }
        after = step.reached;
        if (step.caughtUp || batch.isDue(this.bulkCommit)) batch.commit();
        if (step.caughtUp) {
          for (const slot of participants) this.indexKeysOf(slot);
          return after;
        }
      }
    } catch (error) {
      batch.discard();
      throw error;
    } finally {
      this.database.leaveBulk();
    }
  }

  private indexKeysOf(slot: Slot): void {
    const unindexed = slot.active.table.unindexedCollections();
    if (unindexed.length === 0) return;
    this.options.onIndexing?.(slot.definition.name, unindexed);
    slot.active.table.indexKeys();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await Promise.all([...this.jobsById.values()].filter((job) => job.isRunning).map((job) => job.cancel()));
    for (const waiter of [...this.waiters]) this.settleWaiter(waiter, false);
  }

  async close(): Promise<void> {
    await this.stop();
    this.database.close();
  }

  /** Reads the generation serving at the moment of each call, so a swap is picked up without a new reader. */
  reader(projection: string): ReadModelReader {
    const slot = this.slot(projection);
    return {
      get: <T>(collection: string, key: string) => slot.active.table.get<T>(collection, key),
      list: <T>(collection: string, keyPrefix: string, options?: ListOptions) =>
        slot.active.table.list<T>(collection, keyPrefix, options),
    };
  }

  /** The projections this engine runs, in registration order. */
  names(): string[] {
    return [...this.slots.keys()];
  }

  /** See ProjectionAvailability: a read model that is not current must not be answered from. */
  availability(projection: string): ProjectionAvailability {
    const slot = this.slot(projection);
    if (slot.participating) return { available: true };
    // As runStatusOf tells them apart: out of the live loop with a failure, or waiting for its rebuild.
    if (slot.failure) return { available: false, reason: 'failed', error: slot.failure };
    return { available: false, reason: 'other-version', ...(slot.job?.isRunning ? { rebuildJobId: slot.job.jobId } : {}) };
  }

  /** Every document of the serving read model, ordered by collection and key. */
  documents(projection: string): StoredDocument[] {
    return [...this.slot(projection).active.table.documents()];
  }

  checkpoint(projection: string): bigint {
    return this.slot(projection).active.checkpoint;
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.source.headPosition();
    await this.refreshScannedPosition();
    return [...this.slots.values()].map((slot) => {
      const checkpoint = slot.active.checkpoint;
      const effective = slot.participating && this.scannedPosition > checkpoint ? this.scannedPosition : checkpoint;
      const status: ProjectionStatus = {
        name: slot.definition.name,
        version: slot.definition.version,
        generation: slot.active.generation,
        checkpoint,
        lag: head > effective ? head - effective : 0n,
        status: this.runStatusOf(slot),
      };
      if (slot.failure) status.error = slot.failure;
      if (slot.job?.isRunning) status.rebuildJobId = slot.job.jobId;
      return status;
    });
  }

  /**
   * Read-your-writes: resolves true once the projection (or every running one) reflects $all up to `position`,
   * false on timeout or when the engine stops.
   */
  waitForPosition(position: bigint, options: WaitOptions = {}): Promise<boolean> {
    if (options.projection !== undefined) this.slot(options.projection);
    if (this.hasReached(position, options.projection)) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        projection: options.projection,
        resolve,
        timer: setTimeout(() => this.settleWaiter(waiter, false), options.timeoutMs ?? DEFAULT_WAIT_MS),
      };
      this.waiters.add(waiter);
      this.ensureWaiterPoll();
    });
  }

  /**
   * Rebuilds the named projections from position 0 into shadow generations; the current read models keep
   * serving (and following $all) until the shadows have caught up and are swapped in, atomically.
   */
  rebuild(projections: string | readonly string[]): RebuildHandle {
    if (this.catchingUp) throw new EngineStateError('rebuild() waits for the running catchUp() to finish');
    const names = typeof projections === 'string' ? [projections] : [...projections];
    const slots = names.map((name) => this.slot(name));
    const idle = slots.filter((slot) => !slot.job?.isRunning);
    if (idle.length === 0) {
      const job = slots[0]!.job!;
      return { jobId: job.jobId, done: job.done };
    }
    const job = this.launchRebuild(idle);
    return { jobId: job.jobId, done: job.done };
  }

  job(jobId: string): JobProgress | undefined {
    return this.jobsById.get(jobId)?.progress();
  }

  jobs(): JobProgress[] {
    return [...this.jobsById.values()].map((job) => job.progress());
  }

  /** Builds throwaway read models up to a position or an instant (as of T); the caller closes the result. */
  replay(options: ReplayOptions & { projections?: readonly string[] } = {}): Promise<ReplayResult> {
    const definitions = (options.projections ?? [...this.slots.keys()]).map((name) => this.slot(name).definition);
    return replayToPoint(this.source, definitions, { batchSize: this.bulkBatchSize, commitEvents: this.bulkCommit.events, ...options });
  }

  private openSlot(definition: ProjectionDefinition): Slot {
    const fingerprint = fingerprintOf(definition);
    let active = this.database.generation(definition.name, 'active');
    let shadow = this.database.generation(definition.name, 'shadow');
    if (shadow && shadow.fingerprint !== fingerprint) {
      this.database.dropGeneration(shadow.name, shadow.generation);
      shadow = undefined;
    }
    // A brand-new projection has nothing to keep serving: it is built in place by the live loop.
    if (!active) {
      if (shadow) this.database.dropGeneration(shadow.name, shadow.generation);
      shadow = undefined;
      // Empty: start() indexes its keys at once (nothing to sort); catchUp(), which has the file to itself, at its end.
      active = this.database.createGeneration(definition, 'active', fingerprint, { deferKeyIndexes: true });
    }
    const current = active.fingerprint === fingerprint;
    return {
      definition,
      fingerprint,
      active: this.targetOf(definition, active),
      participating: current,
      failure: undefined,
      job: undefined,
      resumableShadow: shadow,
      needsRebuild: !current || shadow !== undefined,
    };
  }

  private targetOf(definition: ProjectionDefinition, row: GenerationRow): BatchTarget {
    return {
      definition,
      typeSet: new Set(definition.eventTypes),
      generation: row.generation,
      table: this.database.table(definition, row.generation),
      checkpoint: row.position,
    };
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new UnknownProjectionError(name);
    return slot;
  }

  private participants(): Slot[] {
    return [...this.slots.values()].filter((slot) => slot.participating);
  }

  private lowestParticipantCheckpoint(): bigint | undefined {
    return lowestCheckpoint(this.participants().map((slot) => slot.active));
  }

  private runStatusOf(slot: Slot): ProjectionStatus['status'] {
    if (slot.job?.isRunning) return 'rebuilding';
    if (!slot.participating) return slot.failure ? 'failed' : 'rebuilding';
    if (!this.running) return 'stopped';
    return this.subscription?.isLive ? 'live' : 'catching-up';
  }

  private async openSubscription(): Promise<void> {
    const lowest = this.lowestParticipantCheckpoint();
    const after = lowest ?? (await this.source.headPosition());
    if (!this.running) return;
    this.livePosition = after;
    if (this.scannedPosition < after) this.scannedPosition = after;
    const subscription = this.source.subscribeToAll({
      after,
      filter: { eventTypes: this.readPlan.eventTypes },
      batchSize: this.batchSize,
      onEvents: (events) => this.onLiveEvents(events),
    });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => {
        if (this.subscription !== subscription) return;
        this.subscription = undefined;
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
        if (!this.running) return;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (this.running) void this.openSubscription().catch((reopenError: unknown) => this.reportError(reopenError));
        }, this.options.retryDelayMs ?? 1000);
      },
    );
  }

  private onLiveEvents(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    const last = events[events.length - 1]!.position;
    this.applyLive(this.participants(), events, last);
    this.livePosition = last;
    if (this.scannedPosition < last) this.scannedPosition = last;
    this.checkWaiters();
    this.options.onAdvance?.(last);
  }

  private applyLive(participants: Slot[], events: RecordedEvent[], reached: bigint): void {
    if (participants.length === 0) return;
    const outcome = applyBatch(
      this.database,
      participants.map((slot) => slot.active),
      events.length > 0 ? projectEvents(events) : [],
      reached,
    );
    for (const [target, failure] of outcome.failures) this.markFailed(this.slot(target.definition.name), failure);
  }

  private markFailed(slot: Slot, failure: ProjectionHandlerError): void {
    slot.participating = false;
    slot.failure = { code: failure.code, message: failure.message, eventId: failure.eventId, position: failure.position.toString() };
    this.options.onError?.(failure);
  }

  /**
   * A projection that starts empty (new, or its read model deleted) on a store that already has events would be
   * built in place by the live loop, in this thread, serving partial read models meanwhile. With worker threads
   * it is rebuilt instead: built in the workers, not served until it has caught up and is swapped in.
   */
  private async buildEmptyOnesInWorkers(): Promise<void> {
    if (!this.options.parallel || this.options.path === ':memory:') return;
    const empty = [...this.slots.values()].filter((slot) => slot.participating && !slot.job && slot.active.checkpoint === 0n);
    if (empty.length === 0) return;
    let head: bigint;
    try {
      head = await this.source.headPosition();
    } catch (error) {
      // The store is unreachable (EventStoreDB down at start): build them in place once it answers, as before.
      this.reportError(error);
      return;
    }
    if (head === 0n) return;
    for (const slot of empty) {
      if (!slot.participating || slot.job) continue;
      slot.participating = false;
      slot.needsRebuild = true;
    }
  }

  /** One job for every projection whose stored read model is stale or whose rebuild was interrupted. */
  private startPendingRebuild(): RebuildJob | undefined {
    const pending = [...this.slots.values()].filter((slot) => slot.needsRebuild && !slot.job?.isRunning);
    return pending.length > 0 ? this.launchRebuild(pending) : undefined;
  }

  /**
   * `exclusive`: nothing else writes the database until the job ends (catchUp()). `inWorker`: this engine is a
   * worker's (buildShadows): the job stops once caught up and leaves the swap to the engine that started it.
   */
  private launchRebuild(slots: Slot[], mode: { exclusive: boolean; inWorker?: boolean } = { exclusive: this.catchingUp }): RebuildJob {
    const { exclusive, inWorker = false } = mode;
    const targets = new Map<string, BatchTarget>();
    for (const slot of slots) {
      slot.needsRebuild = false;
      // Key indexes wait for the end only when nothing else writes the file meanwhile: beside the live engine,
      // creating one would hold the file's write lock, and the live batches with it, for as long as it sorts.
      const shadow =
        slot.resumableShadow ?? this.database.createGeneration(slot.definition, 'shadow', slot.fingerprint, { deferKeyIndexes: exclusive });
      slot.resumableShadow = undefined;
      const target = this.targetOf(slot.definition, shadow);
      // A shadow a catchUp() left half-built, resumed beside the live engine: indexed now, before anyone else writes.
      if (!exclusive && !inWorker) target.table.indexKeys();
      targets.set(slot.definition.name, target);
    }
    const host: RebuildHost = {
      source: this.source,
      database: this.database,
      batchSize: this.bulkBatchSize,
      commitPolicy: exclusive ? this.bulkCommit : this.liveRebuildCommit,
      exclusive,
      tryPromote: inWorker ? () => true : (job, reached) => this.tryPromote(job, reached),
      dropRetiredTables: () => this.dropRetiredTables(),
    };
    if (!inWorker && this.options.parallel && this.options.path !== ':memory:') {
      const shadowWorkers: ShadowWorkers = {
        parallel: this.options.parallel,
        database: this.database,
        request: {
          batchSize: this.batchSize,
          bulkBatchSize: this.bulkBatchSize,
          bulkCommitEvents: exclusive ? this.bulkCommit.events : this.liveRebuildCommit.events,
          ...(this.options.durability !== undefined ? { durability: this.options.durability } : {}),
        },
        exclusive,
        fingerprintOf: (name) => this.slot(name).fingerprint,
        reopen: (definition, row) => this.targetOf(definition, row),
        reportError: (error) => this.reportError(error),
      };
      host.buildInWorkers = (shadows, head, onProgress, signal) => buildShadowsInWorkers(shadowWorkers, shadows, head, onProgress, signal);
    }
    const job = new RebuildJob(host, targets);
    this.jobsById.set(job.jobId, job);
    for (const slot of slots) slot.job = job;
    void job.done.then((progress) => this.onJobFinished(job, progress));
    return job;
  }

  /**
   * The worker side of buildShadowsInWorkers (shadows-in-workers.ts): advances every projection's shadow
   * generation (created by the engine that started this worker) from its checkpoint to the source's end, and
   * swaps nothing in.
   */
  async buildShadows(options: { exclusive: boolean }): Promise<bigint> {
    const slots = [...this.slots.values()];
    const missing = slots.filter((slot) => !slot.resumableShadow).map((slot) => slot.definition.name);
    if (missing.length > 0) throw new EngineStateError(`no shadow generation to build for ${missing.join(', ')}`);
    const job = this.launchRebuild(slots, { exclusive: options.exclusive, inWorker: true });
    const progress = await job.done;
    if (progress.state === 'failed') throw new Error(progress.error?.message ?? 'the rebuild failed');
    return BigInt(progress.processed);
  }

  /**
   * The swap. It runs synchronously between two live batches, so the live loop cannot slip an event in
   * between; a shadow behind the live loop reads on instead, and one ahead of it simply skips, once joined,
   * the events the live loop delivers that it already has.
   */
  private tryPromote(job: RebuildJob, reached: bigint): boolean {
    if (this.subscription && reached < this.livePosition) return false;
    this.database.immediateTransaction(() => {
      for (const [name, target] of job.targets) this.retiredTables.push(...this.database.promote(name, target.generation, reached));
    });
    for (const [name, target] of job.targets) {
      const slot = this.slot(name);
      target.checkpoint = reached;
      slot.active = target;
      slot.participating = true;
      slot.failure = undefined;
    }
    this.checkWaiters();
    return true;
  }

  /**
   * The tables of generations swapped out, dropped one per turn of the event loop. Dropping a table reads every
   * page of it: the six of a million-event rebuild held this thread for ~330 ms when the swap dropped them all
   * (a service answering nothing meanwhile); one at a time, the largest (the audit trail's records) ~140 ms.
   */
  private async dropRetiredTables(): Promise<void> {
    for (let table = this.retiredTables.shift(); table !== undefined; table = this.retiredTables.shift()) {
      await eventLoopTurn();
      this.database.dropRetired(table);
    }
  }

  private onJobFinished(job: RebuildJob, progress: JobProgress): void {
    for (const [name, target] of job.targets) {
      const slot = this.slot(name);
      if (slot.job === job) slot.job = undefined;
      if (progress.state === 'failed') {
        if (this.database.db.open) this.database.dropGeneration(name, target.generation);
        if (!slot.participating && progress.error) slot.failure = progress.error;
      } else if (progress.state === 'cancelled') {
        // Resumed from where it stopped by the next start.
        slot.needsRebuild = true;
        slot.resumableShadow = {
          name,
          generation: target.generation,
          role: 'shadow',
          fingerprint: slot.fingerprint,
          position: target.checkpoint,
          updatedAt: new Date().toISOString(),
        };
      }
    }
    if (progress.state === 'failed' && progress.error) this.reportError(new Error(progress.error.message));
  }

  private hasReached(position: bigint, projection: string | undefined): boolean {
    const slots = projection === undefined ? this.participants() : [this.slot(projection)];
    if (slots.length === 0) return false;
    return slots.every((slot) => {
      if (!slot.participating) return false;
      const effective = this.scannedPosition > slot.active.checkpoint ? this.scannedPosition : slot.active.checkpoint;
      return effective >= position;
    });
  }

  private checkWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.hasReached(waiter.position, waiter.projection)) this.settleWaiter(waiter, true);
    }
  }

  private settleWaiter(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(reached);
    if (this.waiters.size === 0 && this.waiterPoll) {
      clearInterval(this.waiterPoll);
      this.waiterPoll = undefined;
    }
  }

  /**
   * Events the filter skips never reach onEvents, so a write of a type no projection reads would otherwise keep
   * its waiter waiting; while waiters exist, ask the subscription how far it has scanned.
   */
  private ensureWaiterPoll(): void {
    if (this.waiterPoll) return;
    this.waiterPoll = setInterval(() => {
      void this.refreshScannedPosition()
        .then(() => this.checkWaiters())
        .catch((error: unknown) => this.reportError(error));
    }, WAITER_POLL_MS);
    this.waiterPoll.unref();
  }

  private async refreshScannedPosition(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription?.isLive) return;
    // Head before lag: lag reads its own (later, larger) head, so head − lag never overstates the scan.
    const head = await this.source.headPosition();
    const lag = await subscription.lag();
    const scanned = head - lag;
    if (this.subscription === subscription && scanned > this.scannedPosition) this.scannedPosition = scanned;
  }

  private reportError(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function validateDefinitions(definitions: readonly ProjectionDefinition[]): void {
  const names = new Set<string>();
  for (const definition of definitions) {
    if (!PROJECTION_NAME_PATTERN.test(definition.name)) {
      throw new InvalidProjectionError(`projection name ${JSON.stringify(definition.name)} must match ${PROJECTION_NAME_PATTERN}`);
    }
    if (names.has(definition.name)) throw new InvalidProjectionError(`projection ${definition.name} is registered twice`);
    names.add(definition.name);
    if (!Number.isInteger(definition.version) || definition.version < 1) {
      throw new InvalidProjectionError(`projection ${definition.name}: version must be a positive integer`);
    }
    if (definition.eventTypes.length === 0) throw new InvalidProjectionError(`projection ${definition.name} reads no event type`);
    const collections = Object.entries(definition.collections ?? {});
    if (collections.length === 0) throw new InvalidProjectionError(`projection ${definition.name} declares no collection`);
    for (const [collection, size] of collections) {
      if (!COLLECTION_NAME_PATTERN.test(collection)) {
        throw new InvalidProjectionError(`projection ${definition.name}: collection name ${JSON.stringify(collection)} must match ${COLLECTION_NAME_PATTERN}`);
      }
      if (!COLLECTION_SIZES.includes(size)) {
        throw new InvalidProjectionError(
          `projection ${definition.name}: collection ${collection} must be one of ${COLLECTION_SIZES.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(size)}`,
        );
      }
    }
    for (const type of definition.eventTypes) {
      try {
        eventDefinition(type);
      } catch {
        throw new InvalidProjectionError(`projection ${definition.name} reads unknown event type ${type}`);
      }
    }
  }
}
