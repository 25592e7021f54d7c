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
