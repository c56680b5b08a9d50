/**
 * An error that already knows its HTTP answer: the shell's own refusals (401, 403, 409 idempotency,
 * READ_MODEL_BEHIND, a bad header). Domain refusals travel as DomainErrorException instead.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** `{ path, message }` per issue, the `details` of a 400 VALIDATION_FAILED. */
export interface IssueDetail {
  path: string;
  message: string;
}

export function validationFailed(message: string, details: IssueDetail[]): HttpProblem {
  return new HttpProblem(400, 'VALIDATION_FAILED', message, details);
}
