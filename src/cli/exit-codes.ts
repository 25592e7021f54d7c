import type { ErrorCode } from '../shared/errors.js';

/** Exit codes of the `parity` command, documented in the README. */
export const EXIT = {
  OK: 0,
  /** Something failed that was not the user's input: database unreachable, disk full, a bug. */
  FAILURE: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  USAGE: 2,
  /** The input is wrong: invalid settings, a value that fails validation, something that does not exist. */
  BAD_INPUT: 3,
} as const;

/**
 * The exit code of each error code: wrong input, settings, or something named that does not exist is the
 * user's to fix (BAD_INPUT); the rest are failures. A new code does not compile until it has one.
 */
export const EXIT_BY_CODE = {
  INVALID_INPUT: EXIT.BAD_INPUT,
  CONFIG: EXIT.BAD_INPUT,
  NOT_FOUND: EXIT.BAD_INPUT,
  CONFLICT: EXIT.BAD_INPUT,
  UNAUTHENTICATED: EXIT.FAILURE,
  FORBIDDEN: EXIT.FAILURE,
  RATE_LIMITED: EXIT.FAILURE,
  CSRF: EXIT.FAILURE,
} as const satisfies Record<ErrorCode, number>;
