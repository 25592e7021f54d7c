/**
 * The unsubscribe link's token: whose optional-mail choice it changes (`user:<id>` or `address:<address>`),
 * signed with the installation secret, so that the link works without signing in and cannot be made for
 * somebody else. It never expires: an old email's link must still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'parity-unsubscribe:';

function mac(secret: string, key: string): string {
  return createHmac('sha256', secret)
    .update(PURPOSE + key)
    .digest('base64url');
}

export function unsubscribeToken(secret: string, key: string): string {
  return `${Buffer.from(key, 'utf8').toString('base64url')}.${mac(secret, key)}`;
}

/** The key a token was made for, or null when it was not made with this secret (or was altered). */
export function readUnsubscribeToken(secret: string, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 1200) return null;
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return null;
  const key = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!/^(user|address):\S{1,400}$/.test(key)) return null;
  const expected = Buffer.from(mac(secret, key));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? key : null;
}
