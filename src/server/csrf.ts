/**
 * Protection against cross-site request forgery for every form. Each form carries a token that is an HMAC
 * of the session id (or, before sign-in, of a random cookie) under the installation secret; every unsafe
 * request must present it. SameSite cookies are a second line, not the only one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const ANON_CSRF_COOKIE = 'parity_csrf';

export const newAnonymousBinding = (): string => randomBytes(24).toString('base64url');

export function csrfToken(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`csrf|${binding}`).digest('base64url');
}

export function csrfValid(secret: string, binding: string | null | undefined, presented: unknown): boolean {
  if (!binding || typeof presented !== 'string' || presented.length === 0) return false;
  const expected = Buffer.from(csrfToken(secret, binding));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
