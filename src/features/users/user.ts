import type { Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  ssoSubject: string | null;
  hasPassword: boolean;
  isActive: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** A role held by a user, for a whole organisation (unitId null) or for one unit and everything below it. */
export interface Membership {
  id: string;
  userId: string;
  organisationId: string;
  unitId: string | null;
  role: Role;
  createdAt: string;
}
