export type ProjectionRunStatus = 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionFailure {
  code: string;
  message: string;
  eventId?: string;
  /** $all position of the event that failed, exact, as a decimal string (JSON-ready, like every position shown). */
  position?: string;
}

/** What GET /v1/projections shows for one projection. */
export interface ProjectionStatus {
  name: string;
  version: number;
  /** Generation currently serving reads; null before the first one exists. */
  generation: number | null;
  /** Every event at or before this $all position is reflected in the serving read model. */
  checkpoint: bigint;
  /** head of $all − checkpoint (0 when a filtered tail holds nothing for it). */
  lag: bigint;
  status: ProjectionRunStatus;
  error?: ProjectionFailure;
  /** The rebuild running for it, if any. */
  rebuildJobId?: string;
}

/**
 * Whether today's queries may read a projection's serving read model. Not when it was built by another version
 * of the definition (its layout may not be the one the queries expect: it waits for its rebuild), nor when a
 * handler failure stopped it (its figures are frozen at the failure, silently behind).
 */
export type ProjectionAvailability =
  | { available: true }
  | { available: false; reason: 'other-version'; rebuildJobId?: string }
  | { available: false; reason: 'failed'; error?: ProjectionFailure };

export type JobState = 'running' | 'completed' | 'failed' | 'cancelled';

/** Progress of a rebuild job. Counts are $all positions covered, i.e. events read when every type is projected. */
export interface JobProgress {
  jobId: string;
  kind: 'rebuild';
  projections: string[];
  state: JobState;
  processed: number;
  total: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
  startedAt: string;
  finishedAt?: string;
  error?: ProjectionFailure;
}
