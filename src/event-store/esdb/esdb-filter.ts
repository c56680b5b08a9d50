import type { AllFilter } from '../event-store.port';
import { eventTypeFilter, excludeSystemEvents, streamNameFilter } from './esdb-client';
import type { Filter, Position } from './esdb-client';
import { isSystemEvent } from './esdb-mapping';

/**
 * `$all` filtering. ESDB's server-side filter takes one dimension (event type or stream name), so the
 * more selective one we can express goes to the server and the adapter re-checks everything on the client
 * (`matchesAllFilter`): system events are dropped and both dimensions hold, whatever the server sent.
 */

export function matchesAllFilter(type: string, streamId: string, filter: AllFilter | undefined): boolean {
  if (isSystemEvent(type, streamId)) return false;
  const types = filter?.eventTypes ?? [];
  const prefixes = filter?.streamPrefixes ?? [];
  if (types.length > 0 && !types.includes(type)) return false;
  if (prefixes.length > 0 && !prefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  return true;
}

/** .NET and JavaScript regexes agree on backslash-escaping these. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Exact event types as an anchored alternation (ESDB's `prefixes` option would also match longer names);
 * otherwise stream prefixes; otherwise just "no system events". An empty list does not filter (the port's
 * rule, as an absent one).
 */
export function toServerFilter(
  filter: AllFilter | undefined,
  checkpointReached?: (position: Position) => void,
): Filter {
  const checkpoint =
    checkpointReached === undefined
      ? {}
      : { checkpointReached: (_subscription: unknown, position: Position) => checkpointReached(position) };
  if (filter?.eventTypes !== undefined && filter.eventTypes.length > 0) {
    const alternation = filter.eventTypes.map(escapeRegex).join('|');
    return eventTypeFilter({ regex: `^(?:${alternation})$`, ...checkpoint });
  }
  if (filter?.streamPrefixes !== undefined && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes], ...checkpoint });
  }
  return excludeSystemEvents(checkpoint);
}
