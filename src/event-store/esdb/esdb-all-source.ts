import type { AllFilter } from '../event-store.port';
import { START } from './esdb-client';
import type { AllStreamResolvedEvent, EventStoreDBClient } from './esdb-client';
import { matchesAllFilter, toServerFilter } from './esdb-filter';
import { decodePosition, encodePosition, positionLowerBound, toRecordedEvent } from './esdb-mapping';
import type { OpenedSource, SourceItem, SourceSignals, SubscriptionSource } from './resubscribing-subscription';

export interface AllReader {
  headPosition(): Promise<bigint>;
  /** Position of the first event after `after` matching the filter, looking at a bounded number of events. */
  firstMatchAfter(after: bigint, filter: AllFilter | undefined): Promise<bigint | null>;
}

/** ESDB's native catch-up subscription to `$all`, as a source for ResubscribingSubscription. */
export class EsdbAllSource implements SubscriptionSource {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly reader: AllReader,
    private readonly filter: AllFilter | undefined,
    /** Events the client buffers before it stops reading from the server (back-pressure). */
    private readonly highWaterMark: number,
  ) {}

  open(after: bigint, signals: SourceSignals): OpenedSource {
    const subscription = this.client.subscribeToAll(
      {
        // ESDB's subscription position is exclusive, like the port's checkpoint.
        fromPosition: after === 0n ? START : decodePosition(after),
        resolveLinkTos: false,
        filter: toServerFilter(this.filter, (position) => signals.checkpoint(positionLowerBound(position))),
      },
      { highWaterMark: this.highWaterMark },
    );
    subscription.on('caughtUp', () => signals.caughtUp());
    return { readable: subscription, close: () => subscription.unsubscribe() };
  }

  toItem(raw: unknown): SourceItem {
    const resolved = raw as AllStreamResolvedEvent;
    const event = resolved.event;
    if (event === undefined) {
      if (resolved.commitPosition === undefined) throw new Error('subscription item without event or position');
      return { position: positionLowerBound({ commit: resolved.commitPosition, prepare: resolved.commitPosition }), event: null };
    }
    const position = encodePosition(event.position);
    if (!matchesAllFilter(event.type, event.streamId, this.filter)) return { position, event: null };
    return { position, event: toRecordedEvent(resolved) };
  }

  headPosition(): Promise<bigint> {
    return this.reader.headPosition();
  }

  firstPendingAfter(after: bigint): Promise<bigint | null> {
    return this.reader.firstMatchAfter(after, this.filter);
  }
}
