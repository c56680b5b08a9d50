/**
 * The one place that imports the EventStoreDB client. Its successor, `@kurrent/kurrentdb-client`, exposes
 * the same surface under new names (`KurrentDBClient`, `kurrentdb://`); switching is a change to this file.
 */
export {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';

export type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  CurrentRevision,
  Filter,
  JSONEventType,
  Position,
  ResolvedEvent,
  StreamingRead,
} from '@eventstore/db-client';
