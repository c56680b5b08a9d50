import { describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { verifyChains } from '../../src/event-store/verify-chains';
import { chainedEvents, readAllFrom } from './recorded-events';

function storeOf(events: RecordedEvent[]): EventStore {
  return { readAll: readAllFrom(events) } as unknown as EventStore;
}

describe('verifyChains', () => {
  it('accepts chains whose positions are not consecutive (EventStoreDB positions are byte offsets)', async () => {
    const events = chainedEvents(['a', 'b', 'a', 'a', 'c', 'b'], 137n);
    const progress: number[] = [];
    const report = await verifyChains(storeOf(events), { batchSize: 4, onProgress: (p) => progress.push(p.eventsChecked) });
    expect(report).toEqual({ ok: true, streamsChecked: 3, eventsChecked: 6 });
    expect(progress).toEqual([4, 6]);
  });

  it('lets the event loop turn between reads (the service runs it for GET /v1/audit/verify)', async () => {
    const events = chainedEvents(Array.from({ length: 40 }, (_, i) => `s${i % 3}`));
    const progress: number[] = [];
    let checkedWhenTheLoopTurned: number | undefined;
    setImmediate(() => (checkedWhenTheLoopTurned = progress.at(-1)));
    const report = await verifyChains(storeOf(events), { batchSize: 4, onProgress: (p) => progress.push(p.eventsChecked) });
    expect(report).toMatchObject({ ok: true, eventsChecked: 40 });
    expect(checkedWhenTheLoopTurned).toBe(4);
  });

  it('names the first event whose hash does not match', async () => {
    const events = chainedEvents(['a', 'b', 'a', 'b']);
    events[2] = { ...events[2]!, data: { i: 999 } };
    const report = await verifyChains(storeOf(events));
    expect(report).toEqual({
      ok: false,
      streamsChecked: 2,
      eventsChecked: 2,
      firstBroken: { streamId: 'a', revision: '1', position: '3', eventId: events[2]!.eventId, reason: expect.stringMatching(/hash/) },
    });
  });

  it('detects a missing event even when the hashes around it are intact', async () => {
    const events = chainedEvents(['a', 'a', 'a']);
    const report = await verifyChains(storeOf([events[0]!, events[2]!]));
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ streamId: 'a', revision: '2', reason: expect.stringMatching(/revision 2 where 1/) });
  });

  it('detects a rewritten recordedAt, which "as of T" queries rely on', async () => {
    const events = chainedEvents(['a', 'a']);
    events[0] = { ...events[0]!, recordedAt: '2025-12-31T00:00:00.000Z' };
    expect((await verifyChains(storeOf(events))).firstBroken).toMatchObject({ revision: '0' });
  });

  it('reports an empty store as verified', async () => {
    expect(await verifyChains(storeOf([]))).toEqual({ ok: true, streamsChecked: 0, eventsChecked: 0 });
  });
});
