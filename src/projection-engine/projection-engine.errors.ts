/** Errors of the projection engine: typed, with codes the HTTP edge and the CLI map once. */

export class UnknownProjectionError extends Error {
  readonly code = 'UNKNOWN_PROJECTION';
  constructor(readonly projection: string) {
    super(`no projection named ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}

export class InvalidProjectionError extends Error {
  readonly code = 'INVALID_PROJECTION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProjectionError';
  }
}

/** A definition's `handle` threw: the projection stops at the event before, the others carry on. */
export class ProjectionHandlerError extends Error {
  readonly code = 'PROJECTION_HANDLER_FAILED';
  constructor(
    readonly projection: string,
    readonly eventId: string,
    /** $all position of the event, exact. */
    readonly position: bigint,
    readonly eventType: string,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} failed on ${eventType} ${eventId} at position ${position}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
    this.name = 'ProjectionHandlerError';
  }
}

export class EngineStateError extends Error {
  readonly code = 'PROJECTION_ENGINE_STATE';
  constructor(message: string) {
    super(message);
    this.name = 'EngineStateError';
  }
}
