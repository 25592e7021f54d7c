/**
 * Typed errors raised inside Parity. They carry a code, never an HTTP status or an exit code:
 * each adapter (server, CLI) turns a code into its own answer in exactly one place.
 */
export const ERROR_CODES = [
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'CSRF',
  'CONFIG',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with something a user supplied: which field, and what is wrong with it. */
export interface Problem {
  field: string;
  message: string;
}

export class ParityError extends Error {
  readonly code: ErrorCode;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'ParityError';
    this.code = code;
    this.problems = problems;
  }
}

export const notFound = (message: string): ParityError => new ParityError('NOT_FOUND', message);
export const forbidden = (message: string): ParityError => new ParityError('FORBIDDEN', message);
export const conflict = (message: string): ParityError => new ParityError('CONFLICT', message);

/** Bad input: lists every problem found, not only the first. */
export const invalidInput = (message: string, problems: readonly Problem[] = []): ParityError =>
  new ParityError('INVALID_INPUT', message, problems);

export function isParityError(error: unknown, code?: ErrorCode): error is ParityError {
  return error instanceof ParityError && (code === undefined || error.code === code);
}
