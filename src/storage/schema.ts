/**
 * Table types as Kysely sees them. Rows are storage shapes (snake_case, nullable, 0/1 booleans, ISO-8601
 * text timestamps); repositories map them to domain types. Booleans are integers and timestamps text so that
 * SQLite and PostgreSQL store and return exactly the same values.
 */
export interface OrganisationsTable {
  id: string;
  ods_code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  created_at: string;
}

export interface OrgUnitsTable {
  id: string;
  organisation_id: string;
  parent_id: string | null;
  level: string;
  name: string;
  /** Names from the care group down, joined by " > ": unique within an organisation. */
  path: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  sso_subject: string | null;
  password_hash: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  unit_id: string | null;
  /** unit_id, or '' for an organisation-wide membership: lets one unique index cover both. */
  scope_key: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a copy of the table does not let anyone sign in. */
  id: string;
  user_id: string;
  auth_method: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditEventsTable {
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  organisation_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface LoginThrottleTable {
  /** `user:<username>` or `ip:<address>`. */
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface Database {
  organisations: OrganisationsTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  login_throttle: LoginThrottleTable;
}
