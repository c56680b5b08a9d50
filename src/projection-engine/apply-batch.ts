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

export interface BatchOutcome {
  /** Targets whose handler threw: their documents and checkpoint were left untouched. */
  failures: Map<BatchTarget, ProjectionHandlerError>;
  /** Handler calls made (events × interested projections). */
  handled: number;
}

/** An event that could not be brought to its current schema: every projection that wants its type fails on it. */
interface Unreadable {
  readonly unreadable: true;
  readonly event: RecordedEvent;
  readonly error: unknown;
}

export function projectEvents(events: readonly RecordedEvent[]): Array<ProjectionEvent | Unreadable> {
  const projected = new Array<ProjectionEvent | Unreadable>(events.length);
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

/**
 * Runs each target's handler over the events it has not seen yet, then writes every surviving target's
 * documents and its new checkpoint in ONE transaction: the batch happens entirely or not at all. A target
 * whose handler throws is left as it was before the batch; the others still advance.
 */
export function applyBatch(
  database: ReadModelDatabase,
  targets: readonly BatchTarget[],
  events: ReadonlyArray<ProjectionEvent | Unreadable>,
  reachedPosition: bigint,
): BatchOutcome {
  const failures = new Map<BatchTarget, ProjectionHandlerError>();
  const writers = new Map<BatchTarget, BatchWriter>();
  let handled = 0;
  for (const target of targets) {
    const writer = new BatchWriter(target.table);
    const after = Number(target.checkpoint);
    const { definition, typeSet } = target;
    let failure: ProjectionHandlerError | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if ('unreadable' in event) {
        if (Number(event.event.position) > after && typeSet.has(event.event.type)) {
          const { eventId, type } = event.event;
          failure = new ProjectionHandlerError(definition.name, eventId, Number(event.event.position), type, event.error);
          break;
        }
        continue;
      }
      if (event.position <= after || !typeSet.has(event.type)) continue;
      try {
        definition.handle(event, writer);
        handled++;
      } catch (error) {
        failure = new ProjectionHandlerError(definition.name, event.eventId, event.position, event.type, error);
        break;
      }
    }
    if (failure) {
      writer.discard();
      failures.set(target, failure);
    } else {
      writers.set(target, writer);
    }
  }
  database.transaction(() => {
    for (const [target, writer] of writers) {
      writer.flush();
      if (reachedPosition > target.checkpoint) database.setPosition(target.definition.name, target.generation, reachedPosition);
    }
  });
  for (const target of writers.keys()) {
    if (reachedPosition > target.checkpoint) target.checkpoint = reachedPosition;
  }
  return { failures, handled };
}
