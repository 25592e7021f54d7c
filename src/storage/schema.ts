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

export interface DatasetVersionsTable {
  id: string;
  organisation_id: string;
  dataset: string;
  /** active, or deleted (records purged, the row kept as the record of what was loaded and removed). */
  status: string;
  file_name: string;
  file_sha256: string;
  file_size: number;
  file_kind: string;
  sheet: string | null;
  mapping_json: string;
  as_at_date: string | null;
  period_start: string | null;
  period_end: string | null;
  survey_year: number | null;
  row_count: number;
  record_count: number;
  error_count: number;
  warning_count: number;
  issues_json: string;
  quality_json: string | null;
  created_at: string;
  created_by_user_id: string | null;
  created_by_label: string;
  deleted_at: string | null;
  deleted_by_label: string | null;
}

/** A version's records, gzip-compressed JSON, in chunks of a few thousand. */
export interface DatasetRecordChunksTable {
  version_id: string;
  chunk_no: number;
  record_count: number;
  payload: Uint8Array;
}

export interface ColumnMappingsTable {
  organisation_id: string;
  dataset: string;
  mapping_json: string;
  updated_at: string;
  updated_by_label: string;
}

/** Files uploaded in the browser, kept between the preview and the confirmation (and then removed). */
export interface StagedUploadsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  batch_id: string;
  file_name: string;
  size: number;
  content: Uint8Array;
  options_json: string;
  created_at: string;
  expires_at: string;
}

export interface LocalMetricsTable {
  organisation_id: string;
  metric_id: string;
  definition_json: string;
  created_at: string;
  updated_at: string;
  updated_by_label: string;
}

/** Overrides of the engine's named settings (src/engine/settings.ts) for one organisation. */
export interface OrganisationSettingsTable {
  organisation_id: string;
  settings_json: string;
  updated_at: string;
  updated_by_label: string;
}

export interface Database {
  organisations: OrganisationsTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  login_throttle: LoginThrottleTable;
  dataset_versions: DatasetVersionsTable;
  dataset_record_chunks: DatasetRecordChunksTable;
  column_mappings: ColumnMappingsTable;
  staged_uploads: StagedUploadsTable;
  local_metrics: LocalMetricsTable;
  organisation_settings: OrganisationSettingsTable;
}
