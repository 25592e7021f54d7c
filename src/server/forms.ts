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
  return { userId: user?.id ?? null, label: user?.username ?? 'anonymous', ip: request.ip };
}

/** Only same-site paths are followed after sign-in, never another host. */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  )
    return '/';
  return value.length > 500 ? '/' : value;
}
