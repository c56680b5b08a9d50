/**
 * Errors are values with codes; the HTTP edge maps the kind to a status once:
 * validation → 400, not_found → 404, conflict → 409, rule → 422.
 */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict' | 'rule';

export interface DomainError {
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export const rule = (code: string, message: string, details?: unknown): DomainError => ({
  kind: 'rule',
  code,
  message,
  details,
});
export const notFound = (what: string, id: string): DomainError => ({
  kind: 'not_found',
  code: 'NOT_FOUND',
  message: `${what} ${id} does not exist`,
});
export const conflict = (code: string, message: string, details?: unknown): DomainError => ({
  kind: 'conflict',
  code,
  message,
  details,
});

/** Thrown only at the shell's edge (command handlers) to carry a DomainError through Nest. */
export class DomainErrorException extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = 'DomainErrorException';
  }
}
