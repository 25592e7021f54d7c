/** Small helpers shared by the routes that read HTML forms and show their errors. */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../features/audit/audit.js';
import type { Problem } from '../shared/errors.js';

export type FormBody = Record<string, string | string[] | undefined>;

/** One trimmed text field of a urlencoded form (the first, if repeated); '' when absent. */
export function field(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as FormBody)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** A password field, untrimmed. */
export function rawField(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as FormBody)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** The shapes the NHS.UK error summary and field error messages take. */
export interface ErrorView {
  errorList: { text: string; href: string }[];
  fieldErrors: Record<string, { text: string }>;
}

export function errorView(problems: readonly Problem[]): ErrorView {
  const fieldErrors: Record<string, { text: string }> = {};
  for (const p of problems) {
    const existing = fieldErrors[p.field];
    fieldErrors[p.field] = { text: existing ? `${existing.text}. ${p.message}` : p.message };
  }
  return { errorList: problems.map((p) => ({ text: p.message, href: `#${p.field}` })), fieldErrors };
}

export function actorOf(request: FastifyRequest): Actor {
  const user = request.auth?.principal.user;
  return {
    userId: user?.id ?? null,
    label: user?.username ?? 'anonymous',
    ...(user?.displayName ? { name: user.displayName } : {}),
    ip: request.ip,
  };
}

const RETURN_BASE = 'http://parity.invalid';

/**
 * A path on this site to go to after sign-in, or '/'. Browsers drop tabs and newlines inside a URL and
 * read a backslash as a slash, so `/\t/evil.example` or `/\\evil.example` would leave the site; a value with
 * any control character, backslash or other whitespace is refused outright. What remains is parsed as a
 * URL relative to this site and must stay on it; its path and query are then written out again by the URL
 * parser (dot segments resolved, non-ASCII percent-encoded), and a result that starts with `//` (which a
 * browser would read as another host) is refused too.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500 || !value.startsWith('/')) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/.test(value))
    return '/';
  let url: URL;
  try {
    url = new URL(value, RETURN_BASE);
  } catch {
    return '/';
  }
  if (url.origin !== RETURN_BASE || url.username !== '' || url.password !== '') return '/';
  const path = url.pathname + url.search;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
