import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * The app's tables and columns as the migrations (lib/db/migrations.ts) make them, for Kysely
 * (lib/db/kysely.ts): a query naming a column that is not here, or reading one as another type,
 * fails the typecheck. The sandbox's tables (sandbox_*) are the sandbox's own and typed there.
 *
 * Conventions, one per PostgreSQL type:
 * - `uuid`, `text`: string. `smallint`, `integer`, `serial`: number. `bigint`, `bigserial`: number
 *   too (both drivers return them as numbers: PGlite itself, pg through the parser db.ts sets).
 * - `timestamptz`: read as a Date, written as a Date or an ISO string.
 * - `jsonb`: read as the parsed JSON, written as its JSON text (`JSON.stringify`): a query's
 *   parameters are SqlParam values, never objects (pg would write an array as a PostgreSQL array).
 * - A column with a default (or a serial) is Generated: an insert may leave it out.
 *
 * COLUMNS below repeats every column with its nullability; the typecheck holds it to this
 * interface and lib/db/schema.test.ts holds it to the migrated database.
 */

/** A `timestamptz` column. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `jsonb` column holding `T`, written as JSON text. */
export type Json<T = unknown> = ColumnType<T, string, string>;

/** The outcome of a call in the ledger (its CHECK constraint). */
export type LedgerOutcomeColumn = 'sending' | 'accepted' | 'refused' | 'unknown';
/** How an unknown outcome was settled (its CHECK constraint). */
export type LedgerResolutionColumn = 'present' | 'absent' | 'resent';

export interface SchemaMigrationsTable {
  id: string;
  applied_at: Generated<Date>;
}

export interface RegistrationsTable {
  id: string;
  name: Generated<string>;
  namespace: Generated<string>;
  application_id: string | null;
  status: Generated<string>;
  revision: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  reopen_acknowledged_by: string | null;
  archived_at: Timestamp | null;
  archived_by: string | null;
  previous_registration_id: string | null;
}

export interface RegistrationStepsTable {
  registration_id: string;
  step: number;
  draft: Json | null;
  draft_revision: Generated<number>;
  draft_saved_at: Timestamp | null;
  sent_payload: Json | null;
  sent_revision: number | null;
  sent_at: Timestamp | null;
  last_error: Json | null;
  last_error_at: Timestamp | null;
  sending_since: Timestamp | null;
  claim_id: string | null;
  claim_expires_at: Timestamp | null;
}

export interface RegistrationSecretsTable {
  registration_id: string;
  name: string;
  value: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AssetsTable {
  id: string;
  registration_id: string;
  kind: 'logo' | 'media';
  file_name: string;
  content_type: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AssetChunksTable {
  asset_id: string;
  seq: number;
  /** bytea: read and written as base64 text through lib/db/chunks.ts. */
  bytes: ColumnType<Uint8Array, string, string>;
}

export interface ApiCallsTable {
  id: Generated<number>;
  registration_id: string | null;
  step: number | null;
  item_key: string | null;
  method: string;
  path: string;
  request: Json | null;
  status: number | null;
  response: Json | null;
  error: string | null;
  request_id: string | null;
  duration_ms: number;
  attempt: number;
  actor: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SignOffsTable {
  id: string;
  registration_id: string;
  decision: 'approved' | 'changes_requested';
  reviewer: string;
  reviewer_verified: Generated<boolean>;
  comment: Generated<string>;
  registration_revision: number;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  seq: Generated<number>;
  reviewer_id: string | null;
  answers: Json | null;
}

export interface ReviewLinksTable {
  token_sha256: string;
  registration_id: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  revoked_at: Timestamp | null;
  expires_at: Timestamp;
  created_by: Generated<string>;
}

export interface RegistrationEventsTable {
  id: Generated<number>;
  registration_id: string;
  status: string;
  actor: Generated<string>;
  note: Generated<string>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  actor_id: string | null;
}

export interface RegistrationChangesTable {
  id: Generated<number>;
  registration_id: string;
  revision: number;
  step: number;
  actor_id: string;
  actor_name: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LedgerItemsTable {
  id: Generated<number>;
  registration_id: string;
  step: number;
  item_key: string;
  label: string;
  fingerprint: string;
  match: ColumnType<Record<string, unknown>, string | undefined, string>;
  outcome: LedgerOutcomeColumn;
  resolution: LedgerResolutionColumn | null;
  remote_id: string | null;
  response: Json | null;
  error: string | null;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
  resolved_at: Timestamp | null;
}

export interface RateLimitHitsTable {
  bucket: string;
  at: Timestamp;
}

export interface AuthSessionsTable {
  id_hash: string;
  user_id: string;
  user_name: string;
  email: string | null;
  groups: ColumnType<string[], string | undefined, string>;
  issuer: string;
  subject: string;
  id_token: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
}

export interface AuthLoginAttemptsTable {
  state_hash: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
}

export interface ReviewCommentsTable {
  id: string;
  registration_id: string;
  sign_off_id: string | null;
  step: number;
  field: string | null;
  body: string;
  author: string;
  author_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolved_by_id: string | null;
}

/** The app's database, for Kysely<Database>. */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  registrations: RegistrationsTable;
  registration_steps: RegistrationStepsTable;
  registration_secrets: RegistrationSecretsTable;
  assets: AssetsTable;
  asset_chunks: AssetChunksTable;
  api_calls: ApiCallsTable;
  sign_offs: SignOffsTable;
  review_links: ReviewLinksTable;
  registration_events: RegistrationEventsTable;
  registration_changes: RegistrationChangesTable;
  ledger_items: LedgerItemsTable;
  rate_limit_hits: RateLimitHitsTable;
  auth_sessions: AuthSessionsTable;
  auth_login_attempts: AuthLoginAttemptsTable;
  review_comments: ReviewCommentsTable;
}

/** Whether each column of a table may read NULL, as its type says: 'null' or 'not null'. */
export type Nullability<Table> = { [Column in keyof Selectable<Table>]-?: null extends Selectable<Table>[Column] ? 'null' : 'not null' };

/**
 * Every column of every table, with its nullability. The typecheck holds this list to the
 * interfaces above (a column missing, extra or misnamed here, or NULL allowed on one side only,
 * fails it); schema.test.ts holds it to the database the migrations make.
 */
export const COLUMNS = {
  schema_migrations: { id: 'not null', applied_at: 'not null' },
  registrations: {
    id: 'not null',
    name: 'not null',
    namespace: 'not null',
    application_id: 'null',
    status: 'not null',
    revision: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    reopen_acknowledged_by: 'null',
    archived_at: 'null',
    archived_by: 'null',
    previous_registration_id: 'null',
  },
  registration_steps: {
    registration_id: 'not null',
    step: 'not null',
    draft: 'null',
    draft_revision: 'not null',
    draft_saved_at: 'null',
    sent_payload: 'null',
    sent_revision: 'null',
    sent_at: 'null',
    last_error: 'null',
    last_error_at: 'null',
    sending_since: 'null',
    claim_id: 'null',
    claim_expires_at: 'null',
  },
  registration_secrets: { registration_id: 'not null', name: 'not null', value: 'not null', updated_at: 'not null' },
  assets: {
    id: 'not null',
    registration_id: 'not null',
    kind: 'not null',
    file_name: 'not null',
    content_type: 'not null',
    byte_size: 'not null',
    width: 'null',
    height: 'null',
    sha256: 'not null',
    created_at: 'not null',
  },
  asset_chunks: { asset_id: 'not null', seq: 'not null', bytes: 'not null' },
  api_calls: {
    id: 'not null',
    registration_id: 'null',
    step: 'null',
    item_key: 'null',
    method: 'not null',
    path: 'not null',
    request: 'null',
    status: 'null',
    response: 'null',
    error: 'null',
    request_id: 'null',
    duration_ms: 'not null',
    attempt: 'not null',
    actor: 'null',
    created_at: 'not null',
  },
  sign_offs: {
    id: 'not null',
    registration_id: 'not null',
    decision: 'not null',
    reviewer: 'not null',
    reviewer_verified: 'not null',
    comment: 'not null',
    registration_revision: 'not null',
    created_at: 'not null',
    seq: 'not null',
    reviewer_id: 'null',
    answers: 'null',
  },
  review_links: {
    token_sha256: 'not null',
    registration_id: 'not null',
    created_at: 'not null',
    revoked_at: 'null',
    expires_at: 'not null',
    created_by: 'not null',
  },
  registration_events: {
    id: 'not null',
    registration_id: 'not null',
    status: 'not null',
    actor: 'not null',
    note: 'not null',
    created_at: 'not null',
    actor_id: 'null',
  },
  registration_changes: {
    id: 'not null',
    registration_id: 'not null',
    revision: 'not null',
    step: 'not null',
    actor_id: 'not null',
    actor_name: 'not null',
    created_at: 'not null',
  },
  ledger_items: {
    id: 'not null',
    registration_id: 'not null',
    step: 'not null',
    item_key: 'not null',
    label: 'not null',
    fingerprint: 'not null',
    match: 'not null',
    outcome: 'not null',
    resolution: 'null',
    remote_id: 'null',
    response: 'null',
    error: 'null',
    started_at: 'not null',
    finished_at: 'null',
    resolved_at: 'null',
  },
  rate_limit_hits: { bucket: 'not null', at: 'not null' },
  auth_sessions: {
    id_hash: 'not null',
    user_id: 'not null',
    user_name: 'not null',
    email: 'null',
    groups: 'not null',
    issuer: 'not null',
    subject: 'not null',
    id_token: 'null',
    created_at: 'not null',
    last_seen_at: 'not null',
    expires_at: 'not null',
  },
  auth_login_attempts: {
    state_hash: 'not null',
    browser_hash: 'not null',
    nonce: 'not null',
    code_verifier: 'not null',
    return_to: 'not null',
    created_at: 'not null',
    expires_at: 'not null',
  },
  review_comments: {
    id: 'not null',
    registration_id: 'not null',
    sign_off_id: 'null',
    step: 'not null',
    field: 'null',
    body: 'not null',
    author: 'not null',
    author_id: 'null',
    created_at: 'not null',
    resolved_at: 'null',
    resolved_by: 'null',
    resolved_by_id: 'null',
  },
} as const satisfies { [Table in keyof Database]: Nullability<Database[Table]> };
