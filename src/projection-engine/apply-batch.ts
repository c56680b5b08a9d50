import type { RecordedEvent } from '../event-store/event-store.port';
import { BatchWriter } from './batch-writer';
import type { DocumentTable } from './document-table';
import type { ProjectionDefinition, ProjectionEvent } from './projection-definition';
import { ProjectionHandlerError } from './projection-engine.errors';
import { toProjectionEvent } from './projection-event';
import type { ReadModelDatabase } from './read-model-database';

/** One projection generation being advanced by a batch. */
export interface BatchTarget {
  readonly definition: ProjectionDefinition;
  readonly typeSet: ReadonlySet<string>;
  readonly generation: number;
  readonly table: DocumentTable;
  /** Events at or before this position are already reflected; advanced when the batch commits. */
  checkpoint: bigint;
}

/** The lowest checkpoint among the targets: where one read of $all for all of them starts. Undefined for none. */
export function lowestCheckpoint(targets: Iterable<Pick<BatchTarget, 'checkpoint'>>): bigint | undefined {
  let lowest: bigint | undefined;
  for (const target of targets) if (lowest === undefined || target.checkpoint < lowest) lowest = target.checkpoint;
  return lowest;
}

export interface BatchOutcome {
  /** Targets whose handler threw: their documents and checkpoint were left untouched. */
  failures: Map<BatchTarget, ProjectionHandlerError>;
  /** Handler calls made (events × interested projections). */
  handled: number;
}

/** An event that could not be brought to its current schema: every projection that wants its type fails on it. */
export interface Unreadable {
  readonly unreadable: true;
  readonly event: RecordedEvent;
  readonly error: unknown;
}

export type BatchEvent = ProjectionEvent | Unreadable;

/** When a bulk reader commits: after this many events, or once this much JSON waits for the commit. */
export interface CommitPolicy {
  events: number;
  bytes: number;
}

export function projectEvents(events: readonly RecordedEvent[]): BatchEvent[] {
  const projected = new Array<BatchEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    try {
      projected[i] = toProjectionEvent(event);
    } catch (error) {
      projected[i] = { unreadable: true, event, error };
    }
  }
  return projected;
}

export interface PendingBatchOptions {
  /**
   * Write the documents put without being read (records, postings, lines) as soon as each read is handled,
   * into a transaction left open until `commit()`, instead of holding their JSON in memory until then. Only
   * for a writer that has the connection to itself until it commits (the catch-up of a stopped engine, a
   * replay's own database): the transaction stays open across the reads' awaits.
   */
  stream?: boolean;
}

export interface HandleOutcome {
  /** Targets whose handler threw in this call: they take no further part. */
  failures: Map<BatchTarget, ProjectionHandlerError>;
  /**
   * Streaming only: a failure rolled the open transaction back, so every target is back at its checkpoint
   * and the caller must read again from the lowest checkpoint of the survivors.
   */
  rewound: boolean;
}

/**
 * The changes of one or more consecutive reads of $all, written with the targets' checkpoints in ONE
 * transaction by `commit()`: they happen entirely or not at all. Bulk readers (catch-up, rebuilds, replays)
 * let several reads share one commit, so a hot document (a period total, a balance) is written once per
 * commit rather than once per read, while each read's events can be dropped as soon as they are handled.
 *
 * A target whose handler throws loses everything it did since the last commit, keeps its checkpoint, and takes
 * no further part; the others go on (when streaming, from their own checkpoints: see HandleOutcome.rewound).
 */
export class PendingBatch {
  private readonly writers = new Map<BatchTarget, BatchWriter>();
  /** Failed since the batch began: they take no further part. */
  private readonly failed = new Set<BatchTarget>();
  private failures = new Map<BatchTarget, ProjectionHandlerError>();
  private reachedPosition: bigint | undefined;
  private handledCalls = 0;
  private eventCount = 0;
  private readonly stream: boolean;

  constructor(
    private readonly database: ReadModelDatabase,
    private readonly targets: readonly BatchTarget[],
    options: PendingBatchOptions = {},
  ) {
    this.stream = options.stream ?? false;
  }

  /** Events handed to `handle` since the last commit. */
  get events(): number {
    return this.eventCount;
  }

  /** Serialised bytes held for the commit: what the batch costs in memory beyond its hot documents. */
  get bytes(): number {
    let bytes = 0;
    for (const writer of this.writers.values()) bytes += writer.serializedBytes;
    return bytes;
  }

  /** True once the batch holds enough to be worth a commit under `policy`. */
  isDue(policy: CommitPolicy): boolean {
    return this.eventCount >= policy.events || this.bytes >= policy.bytes;
  }

  /** Runs each surviving target's handler over the events it has not seen yet. */
  handle(events: readonly BatchEvent[], reachedPosition: bigint): HandleOutcome {
    const failed = new Map<BatchTarget, ProjectionHandlerError>();
    for (const target of this.targets) {
      if (this.failed.has(target)) continue;
      let writer = this.writers.get(target);
      if (!writer) {
        writer = new BatchWriter(target.table, this.stream ? this.openTransaction : undefined);
        this.writers.set(target, writer);
      }
      const failure = this.run(target, writer, events);
      if (failure) {
        writer.discard();
        this.writers.delete(target);
        this.failed.add(target);
        this.failures.set(target, failure);
        failed.set(target, failure);
      }
    }
    if (this.stream && failed.size > 0) {
      // The failed target's streamed rows share the open transaction with everyone else's.
      this.discard();
      return { failures: failed, rewound: true };
    }
    this.eventCount += events.length;
    if (this.reachedPosition === undefined || reachedPosition > this.reachedPosition) this.reachedPosition = reachedPosition;
    return { failures: failed, rewound: false };
  }

  /**
   * Writes every surviving target's documents and its new checkpoint in one transaction; reports the failures
   * since the previous commit.
   */
  commit(): BatchOutcome {
    const reached = this.reachedPosition;
    const writers = [...this.writers];
    const write = (): void => {
      for (const [target, writer] of writers) {
        writer.flush();
        if (reached !== undefined && reached > target.checkpoint) {
          this.database.setPosition(target.definition.name, target.generation, reached);
        }
      }
    };
    try {
      if (this.stream) {
        if (!this.database.inTransaction) this.database.begin();
        write();
        this.database.commit();
      } else {
        this.database.transaction(write);
      }
    } catch (error) {
      this.discard();
      throw error;
    }
    for (const [target, writer] of writers) {
      writer.committed();
      if (reached !== undefined && reached > target.checkpoint) target.checkpoint = reached;
    }
    const outcome: BatchOutcome = { failures: this.failures, handled: this.handledCalls };
    this.failures = new Map();
    this.reachedPosition = undefined;
    this.handledCalls = 0;
    this.eventCount = 0;
    return outcome;
  }

  /** Drops what was not committed (a cancelled rebuild resumes from the last commit). */
  discard(): void {
    if (this.stream && this.database.inTransaction) this.database.rollback();
    for (const writer of this.writers.values()) writer.discard();
    this.writers.clear();
    this.reachedPosition = undefined;
    this.eventCount = 0;
  }

  private readonly openTransaction = (): void => {
    if (!this.database.inTransaction) this.database.begin();
  };

  private run(target: BatchTarget, writer: BatchWriter, events: readonly BatchEvent[]): ProjectionHandlerError | undefined {
    const after = target.checkpoint;
    const { definition, typeSet } = target;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if ('unreadable' in event) {
        if (event.event.position > after && typeSet.has(event.event.type)) {
          const { eventId, type } = event.event;
          return new ProjectionHandlerError(definition.name, eventId, event.event.position, type, event.error);
        }
        continue;
      }
      if (event.position <= after || !typeSet.has(event.type)) continue;
      try {
        definition.handle(event, writer);
        this.handledCalls++;
      } catch (error) {
        return new ProjectionHandlerError(definition.name, event.eventId, event.position, event.type, error);
      }
    }
    return undefined;
  }
}

/**
 * Runs each target's handler over the events it has not seen yet, then writes every surviving target's
 * documents and its new checkpoint in ONE transaction: the batch happens entirely or not at all. A target
 * whose handler throws is left as it was before the batch; the others still advance.
 */
export function applyBatch(
  database: ReadModelDatabase,
  targets: readonly BatchTarget[],
  events: readonly BatchEvent[],
  reachedPosition: bigint,
): BatchOutcome {
  const pending = new PendingBatch(database, targets);
  pending.handle(events, reachedPosition);
  return pending.commit();
}
