import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainErrorException } from '../../domain/shared/domain-error';
import { streams, type StreamType } from '../../domain/stream-names';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../core/tokens';
import { auditEventFromRecorded, type AuditEventView } from './audit-event.view';

export class ReadStreamAuditQuery extends Query<AuditEventView[]> {
  constructor(
    readonly streamType: StreamType,
    readonly id: string,
    readonly asOf: string | undefined,
  ) {
    super();
  }
}

const PAGE = 1_000;

/**
 * Every event of one stream in revision order, read straight from the store: exact, never lagging, the payloads
 * exactly as stored and hashed. recordedAt never decreases along a stream, so "as of" stops at the first later one.
 */
@QueryHandler(ReadStreamAuditQuery)
export class ReadStreamAuditHandler implements IQueryHandler<ReadStreamAuditQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamType, id, asOf }: ReadStreamAuditQuery): Promise<AuditEventView[]> {
    const streamId = streams[streamType](id);
    const limit = asOf === undefined ? undefined : Date.parse(asOf);
    const events: AuditEventView[] = [];
    let fromRevision = 0n;
    for (;;) {
      const page: RecordedEvent[] = await this.store.readStream(streamId, { fromRevision, maxCount: PAGE });
      for (const event of page) {
        if (limit !== undefined && Date.parse(event.recordedAt) > limit) return this.found(streamId, events, asOf);
        events.push(auditEventFromRecorded(event));
      }
      if (page.length < PAGE) return this.found(streamId, events, asOf);
      fromRevision = page[page.length - 1]!.revision + 1n;
    }
  }

  private found(streamId: string, events: AuditEventView[], asOf: string | undefined): AuditEventView[] {
    if (events.length > 0) return events;
    throw new DomainErrorException({
      kind: 'not_found',
      code: 'NOT_FOUND',
      message: asOf === undefined ? `stream ${streamId} has no events` : `stream ${streamId} had no events as of ${asOf}`,
    });
  }
}
