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
  /**
   * `account:<keyed hash>`, `address:<ip>`, `device:<nonce>`, `account-address:<keyed hash>` or
   * `current-password:<user id>`.
   */
  key: string;
  /** Failures counted since the count last started (each attempt counts before its password is checked). */
  failures: number;
  /** No attempt for this key is checked before this time; null when there is no wait. */
  delayed_until: string | null;
  /** When the count starts again: a quiet window after the last failure or the end of its wait. */
  forget_at: string;
}

/** Where each account last signed in successfully, as a keyed hash of the account and the address. */
export interface LoginKnownAddressesTable {
  key: string;
  last_success_at: string;
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

/** A version's records in chunks of a few thousand: Arrow IPC, or gzip-compressed JSON before 0014. */
export interface DatasetRecordChunksTable {
  version_id: string;
  chunk_no: number;
  record_count: number;
  payload: Uint8Array;
  /** "arrow"; null for gzipped JSON (chunks stored before migration 0014). */
  format: string | null;
}

/** The current records of a dataset resolved from several versions, as Arrow IPC (migration 0014). */
export interface DatasetCurrentRecordsTable {
  organisation_id: string;
  dataset: string;
  /** The ids of the current versions they were resolved from, newest first, comma-separated. */
  versions: string;
  record_count: number;
  payload: Uint8Array;
}

/** A resolved disclosure ledger of an organisation's reporting year (migration 0013). */
export interface ComputedFiguresTable {
  organisation_id: string;
  /** What the figures were computed from, hashed: data versions, settings, part, options and code. */
  key: string;
  /** The organisation's data and settings (without the year, part and options), hashed. */
  stamp: string;
  year: number;
  /** Gzipped JSON of the engine's results. */
  body: Uint8Array;
  created_at: string;
}

export interface DisclosureLedgersTable {
  organisation_id: string;
  year: number;
  stamp: string;
  /** Gzipped JSON of the ledger's snapshot. */
  body: Uint8Array;
  created_at: string;
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
  options_json: string;
  /** What checking the file found (the preview's summary), or null until it is checked. */
  check_json: string | null;
  created_at: string;
  expires_at: string;
}

/** A staged file's content, sealed (see shared/sealing.ts). */
export interface StagedUploadContentsTable {
  file_id: string;
  content: Uint8Array;
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

/** An action plan: one per organisation and financial year (year = the year it starts: 2024 for 2024/25). */
export interface PlansTable {
  id: string;
  organisation_id: string;
  year: number;
  title: string;
  /** draft, endorsed, approved or published. */
  status: string;
  /** [{ name, role }] */
  authors_json: string;
  publication_date: string | null;
  sources: string;
  endorsed_by: string;
  endorsed_on: string | null;
  board_approval_date: string | null;
  alignment: string;
  carried_from_plan_id: string | null;
  version: number;
  created_at: string;
  created_by_label: string;
  updated_at: string;
  updated_by_label: string;
}

/** A plan's status changes, and every change made after approval (a revision, with who and why). */
export interface PlanHistoryTable {
  id: string;
  plan_id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  /** status or revision. */
  kind: string;
  /** plan or action. */
  entity_type: string;
  entity_id: string;
  summary: string;
  reason: string | null;
  before_json: string | null;
  after_json: string | null;
}

/** An action, stored once whatever the number of indicators it serves. Text fields hold plan markup. */
export interface PlanActionsTable {
  id: string;
  plan_id: string;
  organisation_id: string;
  /** The action's number within its plan (A1, A2, ...). */
  ref: number;
  text: string;
  /** new, continued, ongoing or completed. */
  status: string;
  theme: string | null;
  aim: string;
  kpi_text: string;
  timescale_json: string;
  /** The last day of the timescale, when it has one: what "overdue" is measured against. */
  due_date: string | null;
  outcome: string;
  sustainability: string;
  serves_wres: number;
  serves_wdes: number;
  serves_other: number;
  /** The RAG of the latest progress update (on_track, slippage, critical, complete), or null. */
  rag: string | null;
  last_update_on: string | null;
  /** The action of an earlier plan this one was carried forward from. */
  origin_action_id: string | null;
  /** The unit that owns the action (care group, directorate or department); null: trust-wide. */
  unit_id: string | null;
  /** Raised by every edit; an edit names the version it started from, so a stale one is refused. */
  version: number;
  created_at: string;
  created_by_label: string;
  updated_at: string;
  updated_by_label: string;
}

export interface PlanActionIndicatorsTable {
  action_id: string;
  /** An indicator reference: WRES2, WDES4a_i, GPG_MEAN, EDS:2A, HIA3, local:<metric id>. */
  indicator: string;
  position: number;
}

export interface PlanActionLeadsTable {
  id: string;
  action_id: string;
  position: number;
  name: string;
  /** Set when the lead is a Parity user: they see the action under "My actions". */
  user_id: string | null;
}

/** A KPI bound to a figure the engine computes, with a target and the direction that is better. */
export interface PlanActionKpisTable {
  id: string;
  action_id: string;
  position: number;
  label: string;
  indicator: string;
  measure: string;
  target: number;
  /** up (higher is better) or down. */
  direction: string;
}

/** A dated step inside an action, with its state and the latest word on it. */
export interface PlanActionMilestonesTable {
  id: string;
  action_id: string;
  due_on: string;
  title: string;
  /** not_started, in_progress, done or missed. */
  state: string;
  note: string;
  version: number;
  created_at: string;
  created_by_label: string;
  updated_at: string;
  updated_by_label: string;
}

export interface PlanActionUpdatesTable {
  id: string;
  action_id: string;
  posted_on: string;
  rag: string | null;
  narrative: string;
  author_user_id: string | null;
  author_label: string;
  created_at: string;
}

export interface PlanSettingsTable {
  organisation_id: string;
  rag_labels_json: string;
  updated_at: string;
  updated_by_label: string;
}

/** A plan file uploaded for import, kept between the preview and the confirmation. */
export interface PlanImportsTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  user_id: string;
  file_name: string;
  content: Uint8Array;
  mapping_json: string;
  created_at: string;
  expires_at: string;
}

/** A representation target for one band and reporting year (Culture Dashboard, Model Employer). */
export interface DashboardTargetsTable {
  id: string;
  organisation_id: string;
  /** BME or DISABLED. */
  characteristic: string;
  /** A grade code (AFC_8A, VSM, ...) or SENIOR (Band 8a and above, with VSM). */
  band: string;
  year: number;
  /** The target share in hundredths of a percent (12.5% is 1250). */
  percent_hundredths: number;
  created_at: string;
  created_by_label: string;
}

/** The analyst's narrative for one indicator and reporting year; for WDES 9b also the trust's answer. */
export interface IndicatorNarrativesTable {
  id: string;
  organisation_id: string;
  year: number;
  /** A national indicator id from the engine's catalogue: WRES2, WDES9b, ... */
  indicator: string;
  narrative: string;
  /** yes or no (WDES 9b only); null when not answered. */
  answer: string | null;
  /** Raised by every save; a save names the version it started from, so a stale one is refused. */
  version: number;
  updated_at: string;
  updated_by_label: string;
}

/** A board approval: the report and plan as approved, frozen as JSON, numbered per organisation and year. */
export interface PublicationRevisionsTable {
  id: string;
  organisation_id: string;
  /** The reporting year, which is also the financial year the plan starts in. */
  year: number;
  revision: number;
  /** The `PublicationDocument` (publication view) as approved. */
  report_json: string;
  /** The plan, its actions and their latest updates as approved (`PlanSnapshot`). */
  plan_json: string;
  approver: string;
  meeting: string;
  /** ISO date of the meeting. */
  approved_on: string;
  minute_ref: string;
  recorded_by_user_id: string | null;
  recorded_by_label: string;
  recorded_at: string;
  /** The recorded meeting the approval was made at; null for a meeting typed in, and for older approvals. */
  meeting_id: string | null;
}

/** The revision of a year that the public page shows; no row, nothing published. */
export interface PublicReportsTable {
  id: string;
  organisation_id: string;
  year: number;
  revision_id: string;
  published_at: string;
  published_by_label: string;
}

/** The organisation's switch for its public page (0 or 1); no row is off. */
export interface PublicPagesTable {
  organisation_id: string;
  enabled: number;
  updated_at: string;
  updated_by_label: string;
}

/** A standing meeting of an organisation (People Group, a care group's board) and its distribution list. */
export interface ForumsTable {
  id: string;
  organisation_id: string;
  name: string;
  /** The unit whose forum it is (a care group's board); null for the whole organisation. */
  unit_id: string | null;
  /** The distribution list: email addresses, as a JSON array. */
  recipients_json: string;
  version: number;
  created_at: string;
  created_by_label: string;
  updated_at: string;
  updated_by_label: string;
}

/** One date a forum meets on. */
export interface MeetingsTable {
  id: string;
  organisation_id: string;
  forum_id: string;
  /** ISO date. */
  meets_on: string;
  note: string;
  created_at: string;
  created_by_label: string;
}

/** When a plan's updates for one quarter are open, and the meeting they are for. */
export interface UpdateWindowsTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  /** 1 to 4: the quarter of the plan's financial year. */
  quarter: number;
  meeting_id: string;
  opens_on: string;
  /** Stored, not worked out on reading: people are told this date. */
  closes_on: string;
  updated_at: string;
  updated_by_label: string;
}

/** Who receives a plan's digest of late updates. */
export interface PlanCyclesTable {
  plan_id: string;
  organisation_id: string;
  owner_user_id: string | null;
  updated_at: string;
  updated_by_label: string;
}

/** A quarterly pack issued for a meeting: the PDF as it was sent to the forum's list. */
export interface PackIssuesTable {
  id: string;
  organisation_id: string;
  meeting_id: string;
  year: number;
  quarter: number;
  care_group: string | null;
  file_name: string;
  pdf: Uint8Array;
  recipients_json: string;
  /** 1 when its mail was put in the outbox; 0 when mail was off. */
  mailed: number;
  issued_at: string;
  issued_by_user_id: string | null;
  issued_by_label: string;
}

/** Mail waiting to be sent, and sent: shared by every server process, each message taken by one claim. */
export interface MailOutboxTable {
  id: string;
  organisation_id: string | null;
  /** What the message is for (a reminder of one window to one person): unique, so it is planned once. */
  dedupe_key: string;
  kind: string;
  recipient: string;
  /** Whose optional-mail choice applies: `user:<id>` or `address:<address>`. */
  recipient_key: string;
  optional: number;
  subject: string;
  text_body: string;
  html_body: string;
  /** The link that stops optional email, also sent as the List-Unsubscribe header. */
  unsubscribe_url: string;
  attachments_json: string;
  /** pending, sent, failed (refused for good), skipped (optional mail turned off) or expired. */
  status: string;
  attempts: number;
  /** Not tried before this time (a retry waits). */
  not_before: string;
  /** A message still unsent by then is out of date and is not sent. */
  expires_at: string | null;
  claim_token: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Every attempt to send a message, and what came of it. */
export interface MailDeliveriesTable {
  id: string;
  message_id: string;
  organisation_id: string | null;
  attempted_at: string;
  recipient: string;
  kind: string;
  /** sent, retry, failed, skipped or expired. */
  outcome: string;
  detail: string;
  /** Which server process tried: host and process id. */
  process: string;
}

/** Who turned optional email off: `user:<id>` or `address:<address>`. */
export interface MailOptOutsTable {
  key: string;
  opted_out_at: string;
  /** link (the unsubscribe link in an email) or account (the account page). */
  via: string;
}

/** What the background preparer last finished for an organisation (migration 0017). */
export interface PreparedOrganisationsTable {
  organisation_id: string;
  stamp: string;
  prepared_at: string;
}

/** One row (id 1): committed changes counted by the database's triggers (migration 0016). */
export interface ChangeCounterTable {
  id: number;
  n: number;
  /** Drawn afresh by a restore: with `n`, names one state of the database. */
  epoch: string;
}

export interface Database {
  organisations: OrganisationsTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  login_throttle: LoginThrottleTable;
  login_known_addresses: LoginKnownAddressesTable;
  dataset_versions: DatasetVersionsTable;
  dataset_record_chunks: DatasetRecordChunksTable;
  dataset_current_records: DatasetCurrentRecordsTable;
  column_mappings: ColumnMappingsTable;
  staged_uploads: StagedUploadsTable;
  staged_upload_contents: StagedUploadContentsTable;
  local_metrics: LocalMetricsTable;
  organisation_settings: OrganisationSettingsTable;
  plans: PlansTable;
  plan_history: PlanHistoryTable;
  plan_actions: PlanActionsTable;
  plan_action_indicators: PlanActionIndicatorsTable;
  plan_action_leads: PlanActionLeadsTable;
  plan_action_kpis: PlanActionKpisTable;
  plan_action_milestones: PlanActionMilestonesTable;
  plan_action_updates: PlanActionUpdatesTable;
  plan_settings: PlanSettingsTable;
  plan_imports: PlanImportsTable;
  dashboard_targets: DashboardTargetsTable;
  indicator_narratives: IndicatorNarrativesTable;
  publication_revisions: PublicationRevisionsTable;
  public_reports: PublicReportsTable;
  public_pages: PublicPagesTable;
  forums: ForumsTable;
  meetings: MeetingsTable;
  update_windows: UpdateWindowsTable;
  plan_cycles: PlanCyclesTable;
  pack_issues: PackIssuesTable;
  mail_outbox: MailOutboxTable;
  mail_deliveries: MailDeliveriesTable;
  mail_opt_outs: MailOptOutsTable;
  disclosure_ledgers: DisclosureLedgersTable;
  computed_figures: ComputedFiguresTable;
  change_counter: ChangeCounterTable;
  prepared_organisations: PreparedOrganisationsTable;
}
