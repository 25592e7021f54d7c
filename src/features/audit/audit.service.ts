/** The audit trail as an organisation's people read it. */
import type { Db } from '../../storage/database.js';
import type { Organisation } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { usersRepository } from '../users/users.repository.js';
import { auditRepository, type AuditEvent } from './audit.js';

export function auditService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /**
     * A page of `org`'s trail, newest first: the events of the organisation and of those below it (an
     * ICS's trail includes its trusts), and the events outside any organisation (a sign-in, a password
     * change) of the people who hold a role in one of them.
     */
    async trail(
      org: Organisation,
      filter: { action?: string; limit: number; offset: number },
    ): Promise<{ events: AuditEvent[]; total: number }> {
      const all = await organisationsRepository(db).list();
      const ids = new Set([org.id]);
      for (let grew = true; grew;) {
        grew = false;
        for (const o of all)
          if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
            ids.add(o.id);
            grew = true;
          }
      }
      const members = new Set<string>();
      for (const id of ids) for (const m of await usersRepository(db).membersOf(id)) members.add(m.user.id);
      return auditRepository(db).list({
        organisationIds: [...ids],
        memberUserIds: [...members],
        ...(filter.action ? { action: filter.action } : {}),
        limit: filter.limit,
        offset: filter.offset,
      });
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
