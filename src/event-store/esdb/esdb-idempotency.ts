/**
 * Deciding whether an append is a replay of an earlier one. ESDB's own de-duplication is best effort (it
 * only recognises a retry sent with the same expected revision shortly after), and the ledger's process
 * managers re-send deterministic event ids long after the stream has moved on, so the adapter decides.
 */

export interface StoredEventRef {
  streamId: string;
  revision: bigint;
  position: bigint;
}

export type ReplayVerdict =
  | { kind: 'new' }
  | { kind: 'replay'; last: StoredEventRef }
  | { kind: 'conflict'; detail: string };

/**
 * `new`: none of the ids is stored. `replay`: all are, in this stream, at consecutive revisions in this
 * order (an earlier identical append). Anything else reuses ids in a way no retry produces: `conflict`.
 */
export function classifyReplay(
  streamId: string,
  eventIds: readonly string[],
  lookup: (eventId: string) => StoredEventRef | undefined,
): ReplayVerdict {
  const refs = eventIds.map(lookup);
  const stored = refs.filter((ref): ref is StoredEventRef => ref !== undefined);
  if (stored.length === 0) return { kind: 'new' };
  if (stored.length < eventIds.length) {
    return { kind: 'conflict', detail: `${stored.length} of ${eventIds.length} event ids are already stored` };
  }
  const first = stored[0]!;
  for (let i = 0; i < stored.length; i += 1) {
    const ref = stored[i]!;
    if (ref.streamId !== streamId) {
      return { kind: 'conflict', detail: `event id ${eventIds[i]} is already stored in stream ${ref.streamId}` };
    }
    if (ref.revision !== first.revision + BigInt(i)) {
      return { kind: 'conflict', detail: 'the event ids are already stored, but not as this batch in this order' };
    }
  }
  return { kind: 'replay', last: stored[stored.length - 1]! };
}
