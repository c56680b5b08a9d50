import type { EventStore, RecordedEvent } from '../event-store/event-store.port';

/** What the engine needs from an event store: ordered reads of $all, its head, and a catch-up subscription. */
export type ProjectionSource = Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeToAll'>;

export interface ReadStep {
  events: RecordedEvent[];
  /** Every matching event up to here has been returned: the head when the read came back short. */
  reached: bigint;
  head: bigint;
  /** The read came back short: nothing more to read right now. */
  caughtUp: boolean;
}

/** What a bulk reader reads of $all for a set of projections. */
export interface ReadPlan {
  /** Every type any of them reads. */
  eventTypes: string[];
  /** False when none of them reads payloads (ProjectionDefinition.readsData): the store may leave them out. */
  withData: boolean;
}

export function readPlanOf(definitions: ReadonlyArray<{ eventTypes: readonly string[]; readsData?: boolean }>): ReadPlan {
  return { eventTypes: unionOfTypes(definitions), withData: definitions.some((definition) => definition.readsData !== false) };
}

/** One batch of $all after `after`, for a reader that is not a subscription (catch-up, rebuild, replay). */
export async function readStep(
  source: Pick<ProjectionSource, 'readAll' | 'headPosition'>,
  after: bigint,
  batchSize: number,
  plan: ReadPlan,
): Promise<ReadStep> {
  // Head first: if the read comes back short, everything up to this head has been seen.
  const head = await source.headPosition();
  const events = await source.readAll({ after, maxCount: batchSize, filter: { eventTypes: plan.eventTypes }, withData: plan.withData });
  const caughtUp = events.length < batchSize;
  let reached = events.length > 0 ? events[events.length - 1]!.position : after;
  if (caughtUp && head > reached) reached = head;
  return { events, reached, head, caughtUp };
}

function unionOfTypes(definitions: ReadonlyArray<{ eventTypes: readonly string[] }>): string[] {
  const types = new Set<string>();
  for (const definition of definitions) for (const type of definition.eventTypes) types.add(type);
  return [...types].sort();
}
