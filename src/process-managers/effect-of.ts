import type { AppendResult } from '../event-store/event-store.port';
import type { ProcessManagerEffect } from './process-manager';

/** The effect of one append (none when the decision appended nothing). */
export function effectOf(result: AppendResult): ProcessManagerEffect[] {
  return result.eventIds.length ? [{ streamId: result.streamId, position: result.position, duplicate: result.duplicate }] : [];
}
