import { Counter, Gauge } from 'prom-client';
import type { StreamStateCache } from '../application/stream-state-cache';
import type { LedgerMetrics } from './metrics';

/**
 * The command states the store keeps, in /metrics, read when Prometheus scrapes: how many, how many events they
 * fold, and how often a read found one. Whole-stream reads that keep growing while the folded events sit at the
 * bound (LEDGER_STATE_CACHE_EVENTS) mean the bound is smaller than the streams in use.
 */
export function registerStateCacheMetrics(metrics: LedgerMetrics, cacheOf: () => StreamStateCache): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'ledger_state_cache_streams',
    help: 'Streams whose folded state is kept for the next command',
    registers,
    collect() {
      this.set(cacheOf().size);
    },
  });
  new Gauge({
    name: 'ledger_state_cache_folded_events',
    help: 'Events folded into the kept states, all streams together (bounded by LEDGER_STATE_CACHE_EVENTS)',
    registers,
    collect() {
      this.set(cacheOf().foldedEvents);
    },
  });
  new Counter({
    name: 'ledger_state_cache_reads_total',
    help: 'Stream states read by commands and loaders: from a kept state (only later events read) or the whole stream',
    labelNames: ['from'],
    registers,
    collect() {
      const { kept, whole } = cacheOf().reads;
      this.reset();
      this.inc({ from: 'kept' }, kept);
      this.inc({ from: 'whole' }, whole);
    },
  });
}
