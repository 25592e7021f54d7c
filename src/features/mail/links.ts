/**
 * The addresses an email points at, always on the configured public URL: an action's update form (through
 * a path that survives signing in), a plan, an issued pack, and the unsubscribe link with its signed token.
 */
import { unsubscribeToken } from './tokens.js';

export interface MailLinks {
  /** The configured public URL, without a trailing slash. */
  publicUrl: string;
  /** The installation secret that signs unsubscribe links. */
  secret: string;
}

const org = (ods: string) => `/o/${encodeURIComponent(ods)}`;

/** The update form of an action (the action's page, at its form), after sign-in if needed. */
export const updateFormHref = (links: MailLinks, ods: string, planId: string, actionId: string): string =>
  `${links.publicUrl}${org(ods)}/plans/${planId}/actions/${actionId}/update`;

export const planHref = (links: MailLinks, ods: string, planId: string): string =>
  `${links.publicUrl}${org(ods)}/plans/${planId}`;

export const issueHref = (links: MailLinks, ods: string, meetingId: string, issueId: string): string =>
  `${links.publicUrl}${org(ods)}/meetings/${meetingId}/packs/${issueId}`;

export const unsubscribeHref = (links: MailLinks, key: string): string =>
  `${links.publicUrl}/mail/unsubscribe?token=${encodeURIComponent(unsubscribeToken(links.secret, key))}`;
