import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../event-store/canonical-json';
import { ConcurrencyError } from '../event-store/event-store.errors';
import type { AppendResult, EventStore, ExpectedRevision } from '../event-store/event-store.port';
import { eventDefinition } from '../domain/event-catalogue';
import { fold, type Decider, type DomainEvent } from '../domain/shared/decider';
import { conflict, DomainErrorException } from '../domain/shared/domain-error';
import { deterministicId } from '../domain/shared/deterministic-id';
import type { CommandContext } from './command-context';
import { toDomainEvent, toNewEvent } from './event-mapping';
import { foldStream, stateCacheOf } from './stream-state-cache';

export interface CommandSpec<C extends { occurredAt: string }, S, E extends DomainEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  /**
   * What makes this command the same command when retried (e.g. `convert:${conversionId}`, or the causing
   * event id for a process manager). Event ids are derived from it, so a retry finds its own events already
   * stored and answers with them instead of deciding twice. Without one, the caller's Idempotency-Key stands
   * in for it; without either, ids are random.
   */
  naturalKey?: string;
}

export interface CommandOutcome {
  result: AppendResult;
  /** Decided events exactly as appended (or as found, on a replay). */
  events: DomainEvent[];
}

const MAX_ATTEMPTS = 5;

/**
 * Load the stream → decide → append with the loaded revision as the expected one. A concurrent writer makes the
 * append fail with ConcurrencyError; without `If-Match` the command is simply decided again on the new state (the
 * decision is pure, so that is safe); with `If-Match` the conflict goes back to the caller.
 */
export async function executeCommand<C extends { occurredAt: string }, S, E extends DomainEvent>(
  store: EventStore,
  spec: CommandSpec<C, S, E>,
  ctx: CommandContext,
): Promise<CommandOutcome> {
  if (spec.naturalKey === undefined && ctx.idempotencyKey !== undefined) {
    spec = { ...spec, naturalKey: `idempotency-key:${ctx.idempotencyKey}` };
  }
  const cache = stateCacheOf(store);
  for (let attempt = 1; ; attempt++) {
    const folded = await foldStream(store, spec.streamId, spec.decider);
    const { revision } = folded;
    let decision: ReturnType<typeof spec.decider.decide>;
    try {
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== revision) {
        throw new ConcurrencyError(spec.streamId, ctx.expectedRevision, revision);
      }
      const replay = spec.naturalKey ? await findReplay(store, spec, ctx) : null;
      if (replay) return replay;
      decision = spec.decider.decide(spec.command, folded.state);
    } finally {
      // Deciding leaves the state as it was: it is still the stream's at `revision`.
      cache.keep(spec.streamId, spec.decider, folded);
    }
    if (!decision.ok) throw new DomainErrorException(decision.error);
    if (decision.events.length === 0) {
      return {
        result: { streamId: spec.streamId, revision: revision ?? -1n, position: folded.position, eventIds: [], duplicate: true },
        events: [],
      };
    }
    const ids = decision.events.map((_, i) => eventIdFor(spec, i));
    const expected: ExpectedRevision = revision === null ? 'no_stream' : revision;
    try {
      const result = await store.append(
        spec.streamId,
        decision.events.map((e, i) => toNewEvent(e, ids[i]!, ctx)),
        expected,
      );
      return { result, events: decision.events };
    } catch (error) {
      const retry = error instanceof ConcurrencyError && ctx.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

function eventIdFor(spec: CommandSpec<{ occurredAt: string }, unknown, DomainEvent>, index: number): string {
  return spec.naturalKey ? deterministicId(spec.streamId, spec.naturalKey, String(index)) : randomUUID();
}

/**
 * A retried command finds its first event already in the stream. It is the same command only if deciding it
 * again on the state just before that event gives the same events; then the original answer is returned (and
 * nothing is appended). Anything else is a different command reusing the key → 409. Only a retry reads the
 * whole stream: the store is asked first whether the stream holds that event at all.
 */
async function findReplay<C extends { occurredAt: string }, S, E extends DomainEvent>(
  store: EventStore,
  spec: CommandSpec<C, S, E>,
  ctx: CommandContext,
): Promise<CommandOutcome | null> {
  const firstId = eventIdFor(spec, 0);
  if ((await store.eventRevision(spec.streamId, firstId)) === null) return null;
  const recorded = await store.readStream(spec.streamId);
  const at = recorded.findIndex((r) => r.eventId === firstId);
  if (at < 0) return null;
  const stored = recorded.slice(at).filter((r, i) => r.eventId === eventIdFor(spec, i));
  const before = fold(spec.decider, recorded.slice(0, at).map((r) => toDomainEvent<E>(r)));
  const command = ctx.occurredAtGiven ? spec.command : { ...spec.command, occurredAt: recorded[at]!.metadata.occurredAt };
  const decision = spec.decider.decide(command, before);
  const storedEvents = stored.map((r) => toDomainEvent<E>(r));
  const same =
    decision.ok &&
    decision.events.length === storedEvents.length &&
    decision.events.every((e, i) => sameEvent(e, storedEvents[i]!));
  if (!same) {
    throw new DomainErrorException(
      conflict('ALREADY_EXISTS', `${spec.naturalKey} was already recorded on ${spec.streamId} with different content`, {
        streamId: spec.streamId,
        eventId: firstId,
      }),
    );
  }
  const last = stored[stored.length - 1]!;
  return {
    result: {
      streamId: spec.streamId,
      revision: last.revision,
      position: last.position,
      eventIds: stored.map((r) => r.eventId),
      duplicate: true,
    },
    events: storedEvents,
  };
}

/** Decided payloads are compared as stored: after their schema applied its defaults. */
function sameEvent(decided: DomainEvent, stored: DomainEvent): boolean {
  if (decided.type !== stored.type || decided.occurredAt !== stored.occurredAt) return false;
  const parsed = eventDefinition(decided.type).data.safeParse(decided.data);
  return parsed.success && canonicalJson(parsed.data) === canonicalJson(stored.data);
}
