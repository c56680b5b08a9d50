import type { Actor } from '../event-store/event-store.port';

/**
 * Who asked, in which business transaction, and at what business time. Built once at the HTTP edge (or by a
 * process manager from the event that caused the command) and carried into every event's metadata.
 */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The causing event id for process managers; null for a command from a person. */
  causationId: string | null;
  /** Business time: the body's `occurredAt`, or now. */
  occurredAt: string;
  /** False when the caller left occurredAt out (then a retried request may carry a later "now"). */
  occurredAtGiven: boolean;
  reason?: string;
  /** `If-Match`: the append is conditional on this exact stream revision. */
  expectedRevision?: bigint;
  /**
   * The caller's Idempotency-Key, scoped to the principal. A command without a natural key derives its event ids
   * from it, so a request taken over after a crash (appended, answer not stored) finds its own events.
   */
  idempotencyKey?: string;
}
