/**
 * The server's one translation of errors into answers: a typed error's code gives the status and title,
 * a Fastify client error keeps its status, anything else is a 500 that tells nothing of its cause.
 */
import { isParityError, type ErrorCode } from '../shared/errors.js';

/** The answer to each error code: a new code does not compile until it has one. */
export const STATUS_BY_CODE = {
  NOT_FOUND: { status: 404, title: 'Page not found' },
  UNAUTHENTICATED: { status: 401, title: 'Sign in to continue' },
  FORBIDDEN: { status: 403, title: 'You do not have access to this page' },
  CSRF: { status: 403, title: 'This form has expired' },
  INVALID_INPUT: { status: 400, title: 'There is a problem with what was sent' },
  CONFLICT: { status: 409, title: 'Somebody else changed this first' },
  RATE_LIMITED: { status: 429, title: 'Too many attempts' },
  CONFIG: { status: 503, title: 'Parity is not configured correctly' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

/** The status, title and message of the page or JSON answer for an error. */
export function describeError(error: unknown): { status: number; title: string; message: string } {
  if (isParityError(error)) {
    const known = STATUS_BY_CODE[error.code];
    const detail = error.problems.length > 0 ? ` ${error.problems.map((p) => p.message).join('. ')}.` : '';
    return { ...known, message: error.message + detail };
  }
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = (error as { code?: unknown }).code;
    if (
      statusCode === 413 ||
      code === 'FST_REQ_FILE_TOO_LARGE' ||
      code === 'FST_FILES_LIMIT' ||
      code === 'FST_PARTS_LIMIT'
    )
      return {
        status: 413,
        title: 'The upload is too large',
        message:
          'A file is larger than this installation accepts, or too many files were chosen at once. Split the file or ask your administrator to raise the limit.',
      };
    return {
      status: statusCode,
      title: 'There is a problem with what was sent',
      message: (error as Error).message,
    };
  }
  return {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message: 'Try again later. If the problem continues, contact your Parity administrator.',
  };
}
