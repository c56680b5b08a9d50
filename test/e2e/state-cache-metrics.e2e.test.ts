import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app';
import { startReadSideApp, tellStory } from '../read-side/support/story';

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} is not in /metrics`);
  return Number(line.slice(name.length + 1));
}

describe('kept command states in /metrics', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('counts the states kept, the events they fold, and the reads that found one', async () => {
    t = await startReadSideApp();
    await tellStory(t);
    const { text } = await t.request('GET', '/metrics');

    // The story's commands come back to the same partners, agreements and accounts.
    expect(metric(text, 'ledger_state_cache_reads_total{from="kept"}')).toBeGreaterThan(0);
    expect(metric(text, 'ledger_state_cache_reads_total{from="whole"}')).toBeGreaterThan(0);
    expect(metric(text, 'ledger_state_cache_streams')).toBeGreaterThan(0);
    expect(metric(text, 'ledger_state_cache_folded_events')).toBeGreaterThanOrEqual(metric(text, 'ledger_state_cache_streams'));
  });

  it('keeps nothing with LEDGER_STATE_CACHE_EVENTS=0, and every read is of the whole stream', async () => {
    t = await startReadSideApp({ env: { LEDGER_STATE_CACHE_EVENTS: '0' } });
    await tellStory(t);
    const { text } = await t.request('GET', '/metrics');

    expect(metric(text, 'ledger_state_cache_reads_total{from="kept"}')).toBe(0);
    expect(metric(text, 'ledger_state_cache_reads_total{from="whole"}')).toBeGreaterThan(0);
    expect(metric(text, 'ledger_state_cache_streams')).toBe(0);
    expect(metric(text, 'ledger_state_cache_folded_events')).toBe(0);
  });
});
