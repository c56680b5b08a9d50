import {
  auditEvent,
  causationChain,
  commissionLine,
  commissionLinesOf,
  correlatedEvents,
  type AuditRecord,
  type CommissionLineAddress,
} from '../../../../projections';
import { upcast } from '../../../domain/event-catalogue';
import type { EventStore, RecordedEvent } from '../../../event-store/event-store.port';
import type { ReadModelReader } from '../../../projection-engine';

/**
 * Where an explanation finds its events. Events by id, causes and correlations come from read models (the store
 * has no index by event id); the short streams of referrals, offers, attributions, agreements, disputes and
 * payouts are read from the store itself. Everything is read once per explanation: a payout's lines share
 * referrals, redemptions, offers and terms, and every lookup by id probes the audit trail's buckets.
 */
export interface ExplainSources {
  event(eventId: string): AuditRecord | undefined;
  /**
   * The event and its recorded causes, nearest first; empty when the event is unknown. A line's explanation
   * starts here rather than at `event`: the walk finds the line itself first, and looking it up on its own as
   * well would probe the buckets twice for it.
   */
  causes(eventId: string): AuditRecord[];
  correlated(correlationId: string): AuditRecord[];
  /** Id of the account event that posted a line, from the commissions read model. */
  lineEventId(partnerId: string, lineId: string): string | undefined;
  /** The same for many lines of one partner at once (a payout's), each with the period and currency it has. */
  lineEventIds(partnerId: string, lines: readonly CommissionLineAddress[]): Map<string, string>;
  stream(streamId: string): Promise<AuditRecord[]>;
  /** A stream's first event only: for streams that grow long (an offer's redemptions) when only their start is wanted. */
  first(streamId: string): Promise<AuditRecord | undefined>;
}

export function explainSources(readers: { auditTrail: ReadModelReader; commissions: ReadModelReader }, store: EventStore): ExplainSources {
  const streams = new Map<string, Promise<AuditRecord[]>>();
  const firsts = new Map<string, Promise<AuditRecord | undefined>>();
  const records = new Map<string, AuditRecord | undefined>();
  const chains = new Map<string, AuditRecord[]>();
  const lineEvents = new Map<string, string | undefined>();
  return {
    event(eventId) {
      if (records.has(eventId)) return records.get(eventId);
      const record = auditEvent(readers.auditTrail, eventId);
      records.set(eventId, record);
      return record;
    },
    causes(eventId) {
      let chain = chains.get(eventId);
      if (!chain) {
        chain = causationChain(readers.auditTrail, eventId);
        chains.set(eventId, chain);
        // The chain's records are the audit trail's, as `event` would return them.
        for (const record of chain) records.set(record.eventId, record);
      }
      return chain;
    },
    correlated: (correlationId) => correlatedEvents(readers.auditTrail, correlationId),
    lineEventId(partnerId, lineId) {
      const lineKey = `${partnerId}\u0000${lineId}`;
      if (!lineEvents.has(lineKey)) lineEvents.set(lineKey, commissionLine(readers.commissions, partnerId, lineId)?.eventId);
      return lineEvents.get(lineKey);
    },
    lineEventIds(partnerId, lines) {
      const eventIds = new Map<string, string>();
      for (const [lineId, line] of commissionLinesOf(readers.commissions, partnerId, lines)) {
        eventIds.set(lineId, line.eventId);
        lineEvents.set(`${partnerId}\u0000${lineId}`, line.eventId);
      }
      return eventIds;
    },
    stream(streamId) {
      let events = streams.get(streamId);
      if (!events) {
        events = store.readStream(streamId).then((recorded) => recorded.map(toAuditRecord));
        streams.set(streamId, events);
      }
      return events;
    },
    first(streamId) {
      const cached = streams.get(streamId);
      if (cached) return cached.then((events) => events[0]);
      let first = firsts.get(streamId);
      if (!first) {
        first = store.readStream(streamId, { maxCount: 1 }).then(([event]) => (event === undefined ? undefined : toAuditRecord(event)));
        firsts.set(streamId, first);
      }
      return first;
    },
  };
}

/** The read model's shape for a stored event, payload upcast (the explanation reads current-version fields). */
export function toAuditRecord(event: RecordedEvent): AuditRecord {
  const record: AuditRecord = {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.toString(),
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    data: upcast(event.type, event.metadata.schemaVersion, event.data),
    hash: event.hash,
  };
  if (event.metadata.reason !== undefined) record.reason = event.metadata.reason;
  return record;
}
