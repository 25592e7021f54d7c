import { ParityError } from '../../shared/errors.js';
import type { FileProblem } from './types.js';

/**
 * A problem found while `rows()` is streaming, after `openTable` said yes. It is an ordinary
 * `ParityError('INVALID_INPUT')` for the adapters, and also carries the `FileProblem` (code and line)
 * for callers that want to show it the same way as a problem found on opening.
 */
export class TableReadError extends ParityError {
  readonly problem: FileProblem;

  constructor(problem: FileProblem) {
    super('INVALID_INPUT', problem.message);
    this.name = 'TableReadError';
    this.problem = problem;
  }
}

/** Node's system errors (ENOENT, EACCES, EIO...) carry a string code; library errors usually do not. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}
