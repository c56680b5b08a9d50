import type { AppendResult, EventStore, RecordedEvent } from '../../event-store/event-store.port';
import type { ProcessManagerEffect } from '../../process-managers/process-manager';

/**
 * Extension point: the cross-stream effects of a conversion or a refund (the commission accrual or clawback on
 * the partner's account), run inline right after the append so the answer's `position` covers them and the
 * caller reads its own write. The money side provides it from a global module:
 * `{ provide: AFTER_APPEND_EFFECTS, useClass: … }` exported there. Without a provider nothing runs inline (the
 * durable subscription still applies the effects). It must be idempotent: it also runs when a retried command
 * found its events already stored, to complete what a crash may have left undone.
 */
export const AFTER_APPEND_EFFECTS = 'LEDGER_AFTER_APPEND_EFFECTS';

export interface AfterAppendEffects {
  run(events: readonly RecordedEvent[], store: EventStore): Promise<ProcessManagerEffect[]>;
}

export const noAfterAppendEffects: AfterAppendEffects = {
  run: async () => [],
};

/** The stored events of an append (or of the original append, on a replay), in order. */
export async function appendedEvents(store: EventStore, streamId: string, revision: bigint, eventIds: readonly string[]): Promise<RecordedEvent[]> {
  if (eventIds.length === 0) return [];
  const from = revision - BigInt(eventIds.length - 1);
  const wanted = new Set(eventIds);
  const recorded = await store.readStream(streamId, { fromRevision: from < 0n ? 0n : from, maxCount: eventIds.length });
  return recorded.filter((r) => wanted.has(r.eventId));
}

/** Runs the effects of what an append stored; the answer's position then covers the last effect too. */
export async function withAfterAppendEffects(
  effects: AfterAppendEffects | undefined,
  store: EventStore,
  result: AppendResult,
): Promise<AppendResult> {
  const events = await appendedEvents(store, result.streamId, result.revision, result.eventIds);
  const done = events.length ? await (effects ?? noAfterAppendEffects).run(events, store) : [];
  const position = done.reduce((max, e) => (e.position > max ? e.position : max), result.position);
  return { ...result, position, duplicate: result.duplicate && done.every((e) => e.duplicate) };
}
