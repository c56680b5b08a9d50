export { ProjectionEngine } from './projection-engine';
export type { ProjectionEngineOptions, RebuildHandle, WaitOptions } from './projection-engine';
export { replayToPoint } from './replay-to-point';
export type { ReplayOptions, ReplayResult } from './replay-to-point';
export type {
  DocumentEntry,
  ListOptions,
  ProjectionDefinition,
  ProjectionEvent,
  ReadModelReader,
  ReadModelWriter,
} from './projection-definition';
export type { JobProgress, JobState, ProjectionAvailability, ProjectionFailure, ProjectionRunStatus, ProjectionStatus } from './projection-status';
export type { StoredDocument } from './document-table';
export type { ProjectionSource } from './projection-source';
export {
  EngineStateError,
  InvalidProjectionError,
  ProjectionHandlerError,
  UnknownProjectionError,
} from './projection-engine.errors';
