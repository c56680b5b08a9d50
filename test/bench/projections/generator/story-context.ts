import type { NewEvent } from '../../../../src/event-store/event-store.port';
import { EventFactory } from './event-factory';
import { SeededRandom } from './seeded-random';
import { StoryStats } from './story-stats';

/** One append the writer will make: events of one stream, in order. */
export interface PlannedAppend {
  streamId: string;
  events: NewEvent[];
}

const DAY_MS = 86_400_000;

/**
 * What every part of the story shares: the seeded randomness, business time, the appends planned so far,
 * and actions scheduled for later days (a conversion days after its referral, a payment days after approval).
 * Scheduled actions live only until their day, so memory stays flat however long the story runs.
 */
export class StoryContext {
  readonly random: SeededRandom;
  readonly factory: EventFactory;
  readonly stats = new StoryStats();
  /** Appends planned and not yet taken by the writer. */
  readonly planned: PlannedAppend[] = [];
  private readonly agenda = new Map<number, Array<() => void>>();
  private dayIndex = 0;
  /** Business time of the last event, in ms; events of a day follow each other by a few seconds. */
  private instant: number;

  constructor(
    seed: number,
    private readonly startMs: number,
  ) {
    this.random = new SeededRandom(seed);
    this.instant = startMs;
    this.factory = new EventFactory(this.random, () => this.tick());
  }

  get day(): number {
    return this.dayIndex;
  }

  /** Start of the current day. */
  get dayStart(): number {
    return this.startMs + this.dayIndex * DAY_MS;
  }

  /** Business time of the latest event (what the store's clock is set to: recordedAt follows business time). */
  get nowMs(): number {
    return this.instant;
  }

  get nowIso(): string {
    return new Date(this.instant).toISOString();
  }

  append(streamId: string, events: NewEvent[]): void {
    if (events.length === 0) return;
    this.planned.push({ streamId, events });
    this.stats.countAppend(events);
  }

  /** Runs `action` at the start of the day `days` from today (after that day's period closes). */
  schedule(days: number, action: () => void): void {
    const day = this.dayIndex + Math.max(1, days);
    let actions = this.agenda.get(day);
    if (!actions) {
      actions = [];
      this.agenda.set(day, actions);
    }
    actions.push(action);
  }

  /** Moves to the next day; returns the actions due on it. */
  advanceDay(): Array<() => void> {
    this.dayIndex += 1;
    this.instant = Math.max(this.instant, this.dayStart);
    const due = this.agenda.get(this.dayIndex) ?? [];
    this.agenda.delete(this.dayIndex);
    return due;
  }

  private tick(): string {
    // A few seconds between events, never past the day's last second.
    const next = this.instant + this.random.int(1, 12) * 1000;
    this.instant = Math.min(next, this.dayStart + DAY_MS - 1000);
    return new Date(this.instant).toISOString();
  }
}
