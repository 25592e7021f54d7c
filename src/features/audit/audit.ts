/**
 * The audit trail. Every change is recorded by an explicit call, inside the same transaction as the change
 * itself, so a change without its audit event (or an event without its change) cannot be committed.
 */
import type { Db } from '../../storage/database.js';
import { newId } from '../../shared/ids.js';

/** Who did something: a signed-in user, or the command line. */
export interface Actor {
  userId: string | null;
  /** Who, as the audit log records it: the username (or what acted: "parity import"). */
  label: string;
  /** The person's name as pages show it, where one is known ("Sam Okoro (Head of Resourcing)"). */
  name?: string;
  ip?: string | null;
}

export const AUDIT_ACTIONS = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.sign_in_paused': 'Sign-in delayed after repeated failures',
  'auth.sign_out': 'Signed out',
  'user.create': 'Created user',
  'user.password_change': 'Changed password',
  'user.password_reset': 'Reset password',
  'membership.grant': 'Granted role',
  'membership.change_role': 'Changed role',
  'membership.revoke': 'Removed role',
  'organisation.create': 'Created organisation',
  'unit.create': 'Created organisation units',
  'dataset.import': 'Loaded data',
  'dataset.delete': 'Deleted loaded data',
  'dataset.export': 'Exported loaded records',
  'mapping.save': 'Saved column mapping',
  'metric.save': 'Saved local metric',
  'metric.delete': 'Deleted local metric',
  'settings.save': 'Changed indicator settings',
  'dashboard.target_save': 'Set a representation target',
  'dashboard.target_delete': 'Removed a representation target',
  'narrative.save': 'Saved an indicator narrative',
  'plan.create': 'Created action plan',
  'plan.update': 'Changed action plan',
  'plan.status': 'Changed action plan status',
  'plan.carry_forward': 'Carried action plan forward',
  'plan.import': 'Imported actions into a plan',
  'plan.settings': 'Changed action plan settings',
  'action.create': 'Added action',
  'action.update': 'Changed action',
  'action.delete': 'Deleted action',
  'action.kpi': 'Changed action KPIs',
  'action.progress': 'Posted progress update',
  'action.milestone': 'Changed action milestones',
  'publication.approve': 'Recorded board approval of a report',
  'publication.publish': 'Published a report on the public page',
  'publication.unpublish': 'Withdrew a report from the public page',
  'publication.public_page': 'Turned the public page on or off',
  'forum.create': 'Added a forum',
  'forum.update': 'Changed a forum',
  'forum.delete': 'Removed a forum',
  'meeting.create': 'Added a meeting',
  'meeting.delete': 'Removed a meeting',
  'plan.cycle': 'Set a plan’s update windows',
  'pack.issue': 'Issued a quarterly pack for a meeting',
  'mail.preference': 'Changed an optional-email choice',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEventInput {
  action: AuditAction;
  organisationId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string;
  organisationId: string | null;
  action: string;
  actionLabel: string;
  entityType: string | null;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  ip: string | null;
}

const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const fromJson = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export function auditRepository(db: Db) {
  return {
    /** Writes one event. Call it with the transaction that makes the change. */
    async record(actor: Actor, at: Date, event: AuditEventInput): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          id: newId(),
          occurred_at: at.toISOString(),
          actor_user_id: actor.userId,
          actor_label: actor.label,
          organisation_id: event.organisationId ?? null,
          action: event.action,
          entity_type: event.entityType ?? null,
          entity_id: event.entityId ?? null,
          summary: event.summary.slice(0, 1000),
          before_json: toJson(event.before),
          after_json: toJson(event.after),
          ip: actor.ip ?? null,
        })
        .execute();
    },

    /**
     * Newest first. `organisationIds` limits to events of those organisations, plus (with `memberUserIds`)
     * installation-wide events such as sign-ins by their members.
     */
    async list(filter: {
      organisationIds?: readonly string[];
      memberUserIds?: readonly string[];
      action?: string;
      limit: number;
      offset?: number;
    }): Promise<{ events: AuditEvent[]; total: number }> {
      let q = db.selectFrom('audit_events');
      const orgIds = filter.organisationIds;
      if (orgIds) {
        if (orgIds.length === 0) return { events: [], total: 0 };
        const members = filter.memberUserIds ?? [];
        q = q.where((eb) =>
          members.length === 0
            ? eb('organisation_id', 'in', orgIds)
            : eb.or([
                eb('organisation_id', 'in', orgIds),
                eb.and([eb('organisation_id', 'is', null), eb('actor_user_id', 'in', members)]),
              ]),
        );
      }
      if (filter.action) q = q.where('action', '=', filter.action);
      const [rows, count] = await Promise.all([
        q
          .selectAll()
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .limit(filter.limit)
          .offset(filter.offset ?? 0)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(count.n),
        events: rows.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at,
          actorUserId: r.actor_user_id,
          actorLabel: r.actor_label,
          organisationId: r.organisation_id,
          action: r.action,
          actionLabel: (AUDIT_ACTIONS as Record<string, string>)[r.action] ?? r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          summary: r.summary,
          before: fromJson(r.before_json),
          after: fromJson(r.after_json),
          ip: r.ip,
        })),
      };
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;

/** Records one change to an organisation's entity, inside the caller's transaction. */
export async function auditOrgEvent(
  tx: Db,
  actor: Actor,
  now: Date,
  org: { id: string },
  action: AuditAction,
  entity: { type: string; id: string },
  summary: string,
  before?: unknown,
  after?: unknown,
): Promise<void> {
  await auditRepository(tx).record(actor, now, {
    action,
    organisationId: org.id,
    entityType: entity.type,
    entityId: entity.id,
    summary,
    before,
    after,
  });
}
