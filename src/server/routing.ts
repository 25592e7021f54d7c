/**
 * Every route declares who may reach it, in its `config.access`. The server refuses to start if a route
 * forgets (see `requireAccessDeclaration`), and one hook (`authorise`) enforces the declaration for every
 * request. The role-by-route test reads the same catalogue.
 */
import type { Organisation } from '../features/organisations/organisation.js';
import type { AccessScope, OrgAccess } from '../features/auth/access.js';
import type { ActiveSession } from '../features/auth/sessions.js';
import type { Permission } from '../features/users/roles.js';

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
