import type { AppendResult, EventStore, RecordedEvent } from '../event-store/event-store.port';
import { dispatch, silentLog, type ProcessManagerLog } from './dispatch';
import type { ProcessManager, ProcessManagerEffect } from './process-manager';

/**
 * The process managers run inline, right after a command's own append, on the events it just appended — so the
 * command's answer can carry a position that includes the effects (read-your-writes). The durable runner runs the
 * same managers on the same events later; deterministic ids make the second run a no-op. The command has
 * succeeded whatever happens here: a refusal is logged and skipped, a failure is logged and left to the runner.
 *
 * It is also the AFTER_APPEND_EFFECTS the conversion and refund handlers call (`run`).
 */
export class InlineEffects {
  constructor(
    private readonly store: EventStore,
    private readonly managers: readonly ProcessManager[],
    private readonly log: ProcessManagerLog = silentLog,
  ) {}

  /** The effects of stored events, in order; never throws. */
  async run(events: readonly RecordedEvent[], store: EventStore = this.store): Promise<ProcessManagerEffect[]> {
    const effects: ProcessManagerEffect[] = [];
    try {
      for (const event of events) effects.push(...(await dispatch(this.managers, event, store, this.log)).effects);
    } catch (error) {
      this.log.error(
        { err: error, eventIds: events.map((e) => e.eventId) },
        'an effect of the command failed; the process-manager runner will complete it',
      );
    }
    return effects;
  }

  /**
   * Runs the effects of an append (or of the original append, on a replay, to complete what a crash may have
   * left undone); the answer's position then covers the last effect, and it is a repeat only if they all were.
   */
  async afterAppend(result: AppendResult): Promise<AppendResult> {
    if (result.eventIds.length === 0) return result;
    const effects = await this.run(await this.appendedEvents(result));
    const position = effects.reduce((max, e) => (e.position > max ? e.position : max), result.position);
    return { ...result, position, duplicate: result.duplicate && effects.every((e) => e.duplicate) };
  }

  private async appendedEvents(result: AppendResult): Promise<RecordedEvent[]> {
    const count = result.eventIds.length;
    const first = result.revision - BigInt(count - 1);
    const recorded = await this.store.readStream(result.streamId, { fromRevision: first < 0n ? 0n : first, maxCount: count });
    const ids = new Set(result.eventIds);
    return recorded.filter((event) => ids.has(event.eventId));
  }
}
