/**
 * What a feature's routes are registered with: the dependencies every registration receives, and each
 * route's declared access. Every route declares who may reach it, in its `config.access`: the server
 * refuses to start if a route forgets (app.ts's `onRoute` hook), and one `onRequest` hook enforces the
 * declaration for every request. The role-by-route test reads the same catalogue.
 */
import type { Config } from '../config/config.js';
import type { Organisation } from '../features/organisations/organisation.js';
import type { AccessScope, OrgAccess } from '../features/auth/access.js';
import type { OidcLogin } from '../features/auth/oidc.js';
import type { ActiveSession } from '../features/auth/sessions.js';
import type { Services } from '../features/services.js';
import type { Permission } from '../features/users/roles.js';
import { ANON_CSRF_COOKIE } from './csrf.js';

/** What `createApp` gives every feature's route registration. */
export type RouteDeps = {
  config: Config;
  services: Services;
  oidc: OidcLogin | null;
  cookies: ReturnType<typeof cookieNames>;
  cookieOptions: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean };
};

/** Names and options of Parity's cookies; `__Host-` names in production pin them to this host over https. */
export function cookieNames(production: boolean) {
  const prefix = production ? '__Host-' : '';
  return {
    session: `${prefix}parity_session`,
    csrf: `${prefix}${ANON_CSRF_COOKIE}`,
    flash: `${prefix}parity_flash`,
    oidc: `${prefix}parity_oidc`,
    /** Marks of the accounts that signed in with this browser (see features/auth/known-clients.ts). */
    device: `${prefix}parity_device`,
  };
}

export type RouteAccess =
  /** Anyone, signed in or not (sign-in page, health, assets). */
  | { kind: 'public' }
  /** Any signed-in user. */
  | { kind: 'signed-in' }
  /** A signed-in user holding `permission` for the organisation named by the route's `:org` parameter. */
  | { kind: 'org'; permission: Permission; scope: AccessScope };

export interface OrgContext {
  organisation: Organisation;
  access: OrgAccess;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * Takes a one-click unsubscribe (RFC 8058) without a form token: a mail client posts
     * `List-Unsubscribe=One-Click` to the link in the List-Unsubscribe header, and the link's signed token
     * is the only credential there can be. Any other body on the route still needs the form token.
     */
    oneClickUnsubscribe?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in session, or null. */
    auth: ActiveSession | null;
    /** Set for routes with `org` access, after the access check passed. */
    org: OrgContext | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order. */
    routeCatalogue: RouteEntry[];
  }
}

export const PUBLIC: RouteAccess = { kind: 'public' };
export const SIGNED_IN: RouteAccess = { kind: 'signed-in' };
export const orgRoute = (permission: Permission, scope: AccessScope = 'any'): RouteAccess => ({
  kind: 'org',
  permission,
  scope,
});
