import { startCatchUpSubscription } from '../../src/event-store/catch-up-subscription';
import type {
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../src/event-store/event-store.port';
import { computeEventHash, GENESIS_HASH } from '../../src/event-store/hash-chain';

/**
 * A tiny in-memory stand-in for the event store: only what the projection engine uses ($all reads, head,
 * catch-up subscription) plus an append and forward stream reads (what audit payloads are read back with). `recordedAt` comes from a controllable clock so as-of tests can
 * place events in time.
 */
export class MemoryEventStore {
  readonly kind = 'sqlite' as const;
  private readonly events: RecordedEvent[] = [];
  private readonly streamHeads = new Map<string, { revision: bigint; hash: string }>();
  private readonly listeners = new Set<() => void>();
  private clockMs: number;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    this.clockMs = Date.parse(start);
  }

  /** Later appends are recorded at this instant (never earlier than the last one). */
  setTime(instant: string): void {
    this.clockMs = Math.max(this.clockMs, Date.parse(instant));
  }

  async append(streamId: string, events: readonly NewEvent[]): Promise<{ position: bigint }> {
    for (const event of events) {
      const head = this.streamHeads.get(streamId);
      const recordedAt = new Date(this.clockMs).toISOString();
      this.clockMs += 1;
      const hash = computeEventHash({ ...event, recordedAt }, head?.hash ?? GENESIS_HASH);
      const revision = head ? head.revision + 1n : 0n;
      this.events.push({ ...event, streamId, revision, position: BigInt(this.events.length + 1), recordedAt, hash });
      this.streamHeads.set(streamId, { revision, hash });
    }
    for (const listener of this.listeners) listener();
    return { position: BigInt(this.events.length) };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = Number(options.after ?? 0n);
    const types = options.filter?.eventTypes ? new Set(options.filter.eventTypes) : undefined;
    const prefixes = options.filter?.streamPrefixes;
    const max = options.maxCount ?? Infinity;
    const out: RecordedEvent[] = [];
    for (let i = after; i < this.events.length && out.length < max; i++) {
      const event = this.events[i]!;
      if (types && !types.has(event.type)) continue;
      if (prefixes && !prefixes.some((prefix) => event.streamId.startsWith(prefix))) continue;
      out.push(event);
    }
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards') throw new Error('MemoryEventStore reads streams forwards only');
    const from = options.fromRevision ?? 0n;
    const stream = this.events.filter((event) => event.streamId === streamId && event.revision >= from);
    return stream.slice(0, options.maxCount ?? Infinity);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return startCatchUpSubscription(this, {
      ...options,
      pollIntervalMs: 20,
      wakeUp: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    });
  }
}
