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
import { streams as streamIds } from '../../../domain/stream-names';
import type { EventStore } from '../../../event-store/event-store.port';
import type { ReadModelReader } from '../../../projection-engine';
import { toAuditEvent, withPayloads, type AuditEvent } from '../audit-payloads';
import { revisionRanges } from '../revision-ranges';

/**
 * Where an explanation finds its events. Events by id, causes and correlations are found in read models (the
 * store has no index by event id), their payloads read back from the store; the short streams of referrals,
 * offers, attributions, agreements, disputes and payouts are read from the store itself. Everything is read
 * once per explanation: a payout's lines share referrals, redemptions, offers and terms. A payout's lines were
 * posted to the partner's account, mostly one after the other: their events are read as a few ranges of the
 * account stream, at the revisions the commissions read model recorded (one read for a hundred lines instead
 * of a hundred), and by position where that misses.
 */
export interface ExplainSources {
  event(eventId: string): Promise<AuditEvent | undefined>;
  /**
   * The event and its recorded causes, nearest first, as `causationChain` walks them; empty when the event is
   * unknown. A cause this explanation has already read from a stream (a line's conversion or refund) is taken
   * from there instead of being looked up again by id.
   */
  causes(eventId: string): Promise<AuditEvent[]>;
  /**
   * The event an event names as its cause (undefined for a root, or a cause the read models do not have).
   * Looked for first where a cause usually is: just before its effect, appended by the same command.
   */
  causeOf(effect: AuditEvent): Promise<AuditEvent | undefined>;
  /** The events of one correlation that pass `where` (which sees records only: no payload is read for the others). */
  correlated(correlationId: string, where: (record: AuditRecord) => boolean): Promise<AuditEvent[]>;
  /** Id of the account event that posted a line, from the commissions read model. */
  lineEventId(partnerId: string, lineId: string): string | undefined;
  /**
   * The account events that posted many lines of one partner at once (a payout's), by line id, each line with
   * the period and currency it has; a line the read models do not have yet is absent.
   */
  lineEvents(partnerId: string, lines: readonly CommissionLineAddress[]): Promise<Map<string, AuditEvent>>;
  stream(streamId: string): Promise<AuditEvent[]>;
  /** Many streams, those not read yet in one go (then `stream` answers from memory), in the order asked. */
  streams(streamIds: readonly string[]): Promise<AuditEvent[][]>;
  /** A stream's first event only: for streams that grow long (an offer's redemptions) when only their start is wanted. */
  first(streamId: string): Promise<AuditEvent | undefined>;
  /** The event at a `$all` position; undefined when there is none or the store cannot read from there. */
  at(position: bigint): Promise<AuditEvent | undefined>;
}

export function explainSources(readers: { auditTrail: ReadModelReader; commissions: ReadModelReader }, store: EventStore): ExplainSources {
  const streams = new Map<string, Promise<AuditEvent[]>>();
  const firsts = new Map<string, Promise<AuditEvent | undefined>>();
  /** Events by id, as found (or not: undefined) in the audit trail (payload from the store), or read from the store by position. */
  const records = new Map<string, AuditEvent | undefined>();
  /** Events read as part of a stream. */
  const streamed = new Map<string, AuditEvent>();
  const lineEventIds = new Map<string, string | undefined>();

  /** The audit trail's records with their payloads: from a stream this explanation has read, else from the store. */
  const payloadsOf = async (found: readonly AuditRecord[]): Promise<AuditEvent[]> => {
    const known = (record: AuditRecord): AuditEvent | undefined => records.get(record.eventId) ?? streamed.get(record.eventId);
    const read = await withPayloads(store, found.filter((record) => known(record) === undefined));
    const byId = new Map(read.map((event) => [event.eventId, event]));
    return found.map((record) => {
      const event = known(record) ?? byId.get(record.eventId)!;
      records.set(event.eventId, event);
      return event;
    });
  };
  const event = async (eventId: string): Promise<AuditEvent | undefined> => {
    if (records.has(eventId)) return records.get(eventId);
    const record = auditEvent(readers.auditTrail, eventId);
    const found = record && (await payloadsOf([record]))[0];
    records.set(eventId, found);
    return found;
  };
  const remember = (events: AuditEvent[]): AuditEvent[] => {
    for (const record of events) streamed.set(record.eventId, record);
    return events;
  };
  /** What the store holds at a position: one seek, kept with the events found by id. */
  const at = async (position: bigint): Promise<AuditEvent | undefined> => {
    try {
      const [stored] = position > 0n ? await store.readAll({ after: position - 1n, maxCount: 1 }) : [];
      if (stored?.position !== position) return undefined;
      const found = records.get(stored.eventId) ?? toAuditEvent(stored);
      records.set(stored.eventId, found);
      return found;
    } catch {
      // An adapter that cannot start a read at this position: the caller asks otherwise.
      return undefined;
    }
  };
  /**
   * An event whose position is known, read from the store there: one seek by position, where a lookup by id
   * probes the audit trail's buckets (newest first, so up to one miss per bucket before the hit) and then reads
   * the payload from the store. By id when the store does not answer with that very event.
   */
  const eventAt = async (eventId: string, position: bigint): Promise<AuditEvent | undefined> => {
    if (records.has(eventId)) return records.get(eventId);
    const found = await at(position);
    return found?.eventId === eventId ? found : event(eventId);
  };

  return {
    event,
    at,
    async causes(eventId) {
      const effect = await event(eventId);
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
          const rest: AuditRecord[] = [];
          for (const record of records.has(next) ? [] : causationChain(readers.auditTrail, next)) {
            if (seen.has(record.eventId) || chain.length + rest.length >= MAX_CAUSATION_CHAIN) break;
            seen.add(record.eventId);
            rest.push(record);
          }
          chain.push(...(await payloadsOf(rest)));
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
    correlated: (correlationId, where) => payloadsOf(correlatedEvents(readers.auditTrail, correlationId).filter(where)),
    lineEventId(partnerId, lineId) {
      const lineKey = lineCacheKey(partnerId, lineId);
      if (!lineEventIds.has(lineKey)) lineEventIds.set(lineKey, commissionLine(readers.commissions, partnerId, lineId)?.eventId);
      return lineEventIds.get(lineKey);
    },
    async lineEvents(partnerId, lines) {
      const found = new Map<string, AuditEvent>();
      const docs = [...commissionLinesOf(readers.commissions, partnerId, lines).values()];
      const account = streamIds.account(partnerId);
      const wanted = docs.filter((line) => typeof line.revision === 'number' && !records.has(line.eventId));
      const byRevision = new Map<number, AuditEvent>();
      // Independent reads: a store that answers over the network serves them side by side.
      await Promise.all(
        revisionRanges(wanted.map((line) => line.revision)).map(async ({ fromRevision, count }) => {
          for (const event of await store.readStream(account, { fromRevision: BigInt(fromRevision), maxCount: count })) {
            byRevision.set(Number(event.revision), toAuditEvent(event));
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
        events = store.readStream(streamId).then((recorded) => remember(recorded.map(toAuditEvent)));
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
            read.then((all) => remember((all.get(streamId) ?? []).map(toAuditEvent))),
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
        first = store.readStream(streamId, { maxCount: 1 }).then((recorded) => remember(recorded.map(toAuditEvent))[0]);
        firsts.set(streamId, first);
      }
      return first;
    },
  };
}

/** Key of a partner's line in this explanation's cache of line event ids. */
const lineCacheKey = (partnerId: string, lineId: string): string => `${partnerId}\u0000${lineId}`;

/** Positions are exact decimal strings without leading zeros. */
function isBefore(record: AuditEvent, other: AuditEvent): boolean {
  const a = record.position;
  const b = other.position;
  return a.length !== b.length ? a.length < b.length : a < b;
}
