import {
  auditEvent,
  causationChain,
  commissionLine,
  commissionLinesOf,
  correlatedEvents,
  MAX_CAUSATION_CHAIN,
  type AuditRecord,
  type CommissionLineAddress,
} from '../../../../projections';
import { upcast } from '../../../domain/event-catalogue';
import { streams as streamIds } from '../../../domain/stream-names';
import type { EventStore, RecordedEvent } from '../../../event-store/event-store.port';
import type { ReadModelReader } from '../../../projection-engine';
import { revisionRanges } from './revision-ranges';

/**
 * Where an explanation finds its events. Events by id, causes and correlations come from read models (the store
 * has no index by event id); the short streams of referrals, offers, attributions, agreements, disputes and
 * payouts are read from the store itself, and so are the events that posted a payout's lines, at the positions
 * the commissions read model recorded for them. Everything is read once per explanation: a payout's lines share
 * referrals, redemptions, offers and terms. A payout's lines were posted to the partner's account, mostly one
 * after the other: their events are read as a few ranges of the account stream, at the revisions the
 * commissions read model recorded (one read for a hundred lines instead of a hundred).
 */
export interface ExplainSources {
  event(eventId: string): AuditRecord | undefined;
  /**
   * The event and its recorded causes, nearest first, as `causationChain` walks them; empty when the event is
   * unknown. A cause this explanation has already read from a stream (a line's conversion or refund) is taken
   * from there instead of being looked up again by id.
   */
  causes(eventId: string): AuditRecord[];
  /**
   * The event an event names as its cause (undefined for a root, or a cause the read models do not have).
   * Looked for first where a cause usually is: just before its effect, appended by the same command.
   */
  causeOf(effect: AuditRecord): Promise<AuditRecord | undefined>;
  correlated(correlationId: string): AuditRecord[];
  /** Id of the account event that posted a line, from the commissions read model. */
  lineEventId(partnerId: string, lineId: string): string | undefined;
  /**
   * The account events that posted many lines of one partner at once (a payout's), by line id, each line with
   * the period and currency it has; a line the read models do not have yet is absent.
   */
  lineEvents(partnerId: string, lines: readonly CommissionLineAddress[]): Promise<Map<string, AuditRecord>>;
  stream(streamId: string): Promise<AuditRecord[]>;
  /** Many streams, those not read yet in one go (then `stream` answers from memory), in the order asked. */
  streams(streamIds: readonly string[]): Promise<AuditRecord[][]>;
  /** A stream's first event only: for streams that grow long (an offer's redemptions) when only their start is wanted. */
  first(streamId: string): Promise<AuditRecord | undefined>;
}

export function explainSources(readers: { auditTrail: ReadModelReader; commissions: ReadModelReader }, store: EventStore): ExplainSources {
  const streams = new Map<string, Promise<AuditRecord[]>>();
  const firsts = new Map<string, Promise<AuditRecord | undefined>>();
  /** Events by id, as found (or not: undefined) in the audit trail, or read from the store by position. */
  const records = new Map<string, AuditRecord | undefined>();
  /** Events read as part of a stream. */
  const streamed = new Map<string, AuditRecord>();
  const lineEventIds = new Map<string, string | undefined>();

  const event = (eventId: string): AuditRecord | undefined => {
    if (records.has(eventId)) return records.get(eventId);
    const record = auditEvent(readers.auditTrail, eventId);
    records.set(eventId, record);
    return record;
  };
  const remember = (events: AuditRecord[]): AuditRecord[] => {
    for (const record of events) streamed.set(record.eventId, record);
    return events;
  };
  /**
   * An event whose position is known, read from the store there: one seek by position, where a lookup by id
   * probes the audit trail's buckets (newest first, so up to one miss per bucket before the hit). By id when
   * the store does not answer with that very event.
   */
  const eventAt = async (eventId: string, position: bigint): Promise<AuditRecord | undefined> => {
    if (records.has(eventId)) return records.get(eventId);
    let record: AuditRecord | undefined;
    try {
      const [stored] = position > 0n ? await store.readAll({ after: position - 1n, maxCount: 1 }) : [];
      if (stored?.eventId === eventId) record = toAuditRecord(stored);
    } catch {
      // An adapter that cannot start a read at this position: the lookup by id below answers.
    }
    record ??= auditEvent(readers.auditTrail, eventId);
    records.set(eventId, record);
    return record;
  };

  return {
    event,
    causes(eventId) {
      const effect = event(eventId);
      if (!effect) return [];
      const chain = [effect];
      const seen = new Set([eventId]);
      let next = effect.causationId;
      while (next !== null && !seen.has(next) && chain.length < MAX_CAUSATION_CHAIN) {
        // A cause is recorded before its effect: a streamed event that is not is no cause of it.
        const candidate = streamed.get(next);
        const cause = records.has(next) ? records.get(next) : candidate && isBefore(candidate, effect) ? candidate : undefined;
        if (cause === undefined) {
          // The rest of the chain from the audit trail, unless it is known not to hold this cause.
          for (const record of records.has(next) ? [] : causationChain(readers.auditTrail, next)) {
            if (seen.has(record.eventId) || chain.length >= MAX_CAUSATION_CHAIN) break;
            seen.add(record.eventId);
            chain.push(record);
          }
          break;
        }
        seen.add(next);
        chain.push(cause);
        next = cause.causationId;
      }
      return chain;
    },
    async causeOf(effect) {
      const causeId = effect.causationId;
      if (causeId === null) return undefined;
      const candidate = streamed.get(causeId);
      if (!records.has(causeId) && candidate && isBefore(candidate, effect)) return candidate;
      return eventAt(causeId, BigInt(effect.position) - 1n);
    },
    correlated: (correlationId) => correlatedEvents(readers.auditTrail, correlationId),
    lineEventId(partnerId, lineId) {
      const lineKey = lineCacheKey(partnerId, lineId);
      if (!lineEventIds.has(lineKey)) lineEventIds.set(lineKey, commissionLine(readers.commissions, partnerId, lineId)?.eventId);
      return lineEventIds.get(lineKey);
    },
    async lineEvents(partnerId, lines) {
      const found = new Map<string, AuditRecord>();
      const docs = [...commissionLinesOf(readers.commissions, partnerId, lines).values()];
      const account = streamIds.account(partnerId);
      const wanted = docs.filter((line) => typeof line.revision === 'number' && !records.has(line.eventId));
      const byRevision = new Map<number, AuditRecord>();
      // Independent reads: a store that answers over the network serves them side by side.
      await Promise.all(
        revisionRanges(wanted.map((line) => line.revision)).map(async ({ fromRevision, count }) => {
          for (const event of await store.readStream(account, { fromRevision: BigInt(fromRevision), maxCount: count })) {
            byRevision.set(Number(event.revision), toAuditRecord(event));
          }
        }),
      );
      await Promise.all(
        docs.map(async (line) => {
          lineEventIds.set(lineCacheKey(partnerId, line.lineId), line.eventId);
          const ranged = byRevision.get(line.revision);
          // Not where the read model said (another stream, a read model ahead of the store): by position, then by id.
          if (ranged?.eventId === line.eventId) records.set(line.eventId, ranged);
          const record = await eventAt(line.eventId, BigInt(line.position));
          if (record) found.set(line.lineId, record);
        }),
      );
      return found;
    },
    stream(streamId) {
      let events = streams.get(streamId);
      if (!events) {
        events = store.readStream(streamId).then((recorded) => remember(recorded.map(toAuditRecord)));
        streams.set(streamId, events);
      }
      return events;
    },
    async streams(streamIds) {
      const missing = [...new Set(streamIds)].filter((streamId) => !streams.has(streamId));
      if (missing.length > 0) {
        const read = store.readStreams(missing);
        for (const streamId of missing) {
          streams.set(
            streamId,
            read.then((all) => remember((all.get(streamId) ?? []).map(toAuditRecord))),
          );
        }
      }
      return Promise.all(streamIds.map((streamId) => streams.get(streamId)!));
    },
    first(streamId) {
      const cached = streams.get(streamId);
      if (cached) return cached.then((events) => events[0]);
      let first = firsts.get(streamId);
      if (!first) {
        first = store.readStream(streamId, { maxCount: 1 }).then((recorded) => remember(recorded.map(toAuditRecord))[0]);
        firsts.set(streamId, first);
      }
      return first;
    },
  };
}

/** Key of a partner's line in this explanation's cache of line event ids. */
const lineCacheKey = (partnerId: string, lineId: string): string => `${partnerId}\u0000${lineId}`;

/** Positions are exact decimal strings without leading zeros. */
function isBefore(record: AuditRecord, other: AuditRecord): boolean {
  const a = record.position;
  const b = other.position;
  return a.length !== b.length ? a.length < b.length : a < b;
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
