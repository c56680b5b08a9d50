import type { EventMetadata, RecordedEvent } from '../event-store.port';

/** Column list shared by every read, in the order `decodeRow` expects (rows are read with `.raw()`). */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash';

/** The same columns with the data left out (NULL): for reads that do not want the payloads. */
export const EVENT_COLUMNS_WITHOUT_DATA = 'position, stream_id, revision, event_id, type, NULL, metadata, recorded_at, hash';

/**
 * A raw row as better-sqlite3 returns it with `.raw().safeIntegers()`: integers arrive as bigint. (Rows read
 * with EVENT_COLUMNS_WITHOUT_DATA hold null for the data: only `decodeRowsWithoutData` takes them.)
 */
export type EventRow = [bigint, string, bigint, string, string, string, string, string, string];

export function decodeRow(row: EventRow): RecordedEvent {
  return recordedEvent(row, JSON.parse(row[5]) as unknown);
}

export function decodeRows(rows: EventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = decodeRow(rows[i]!);
  return events;
}

/** Rows read with EVENT_COLUMNS_WITHOUT_DATA: every event's data is left undefined. */
export function decodeRowsWithoutData(rows: EventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = recordedEvent(rows[i]!, undefined);
  return events;
}

function recordedEvent(row: EventRow, data: unknown): RecordedEvent {
  return {
    eventId: row[3],
    type: row[4],
    data,
    metadata: JSON.parse(row[6]) as EventMetadata,
    streamId: row[1],
    revision: row[2],
    position: row[0],
    recordedAt: row[7],
    hash: row[8],
  };
}
