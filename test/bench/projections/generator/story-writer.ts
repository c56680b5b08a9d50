import type { EventStore } from '../../../../src/event-store/event-store.port';
import type { Progress } from '../../support/progress';
import { now } from '../../support/clock';
import type { LedgerStory } from './ledger-story';
import type { PlannedAppend } from './story-context';

/** Appends handed to the store before awaiting them: one group-commit transaction (one fsync) each. */
const APPENDS_PER_FLUSH = 4_000;

export interface WriteOutcome {
  events: number;
  appends: number;
}

/**
 * Plays the story into the store until at least `targetEvents` are written (whole days only, so every entity
 * the samples name is complete up to that day). Appends are enqueued in bulk without awaiting each one, so
 * the store's group commit writes thousands per transaction; $all order is the story's business order.
 * `inspect` sees every planned append first (the sample validation of payloads).
 */
export async function writeStory(
  store: EventStore,
  story: LedgerStory,
  targetEvents: number,
  progress: Progress,
  inspect: (append: PlannedAppend) => void = () => undefined,
): Promise<WriteOutcome> {
  let events = 0;
  let appends = 0;
  const started = now();
  let pending: Promise<unknown>[] = [];
  while (events < targetEvents) {
    story.nextDay();
    for (const append of story.takePlanned()) {
      inspect(append);
      pending.push(store.append(append.streamId, append.events, 'any'));
      events += append.events.length;
      appends += 1;
      if (pending.length >= APPENDS_PER_FLUSH) {
        await Promise.all(pending);
        pending = [];
        progress.tick('generate', events, targetEvents, started);
      }
    }
  }
  await Promise.all(pending);
  return { events, appends };
}
