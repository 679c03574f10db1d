/**
 * FROZEN: the app's migrations exactly as they were written up to 0014, before the sandbox's
 * tables moved to its own migrations (lib/sandbox/migrations.ts). Databases migrated by that
 * code hold the sandbox's tables, created by 0001 and altered by 0003, 0004, 0006 and 0008.
 * Only tests read this: they build such a database, then upgrade it with today's code.
 * Never edit it.
 */
import type { Migration } from '@/lib/db/migrations';

export const MIGRATIONS_AS_OF_0014: ReadonlyArray<Migration> = [
  {
    id: '0001_initial',
    sql: `
CREATE TABLE registrations (
  id uuid PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  namespace text NOT NULL DEFAULT '',
  application_id uuid,
  status text NOT NULL DEFAULT 'in_progress',
  revision integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registrations_updated ON registrations (updated_at DESC);

-- One row per registration and wizard step: the draft being edited and what was last sent.
CREATE TABLE registration_steps (
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  step smallint NOT NULL CHECK (step BETWEEN 1 AND 10),
  draft jsonb,
  draft_revision integer NOT NULL DEFAULT 0,
  draft_saved_at timestamptz,
  sent_payload jsonb,
  sent_revision integer,
  sent_at timestamptz,
  last_error jsonb,
  last_error_at timestamptz,
  PRIMARY KEY (registration_id, step)
);

-- Secrets typed into the wizard (the callbacks' authorization header), kept apart from
-- drafts so that no draft read can carry them to a browser.
CREATE TABLE registration_secrets (
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  name text NOT NULL,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, name)
);

CREATE TABLE assets (
  id uuid PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('logo', 'media')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  byte_size integer NOT NULL,
  width integer,
  height integer,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_registration ON assets (registration_id, kind);

-- The journal: every call made to Banqup, one row per attempt, secrets redacted.
CREATE TABLE api_calls (
  id serial PRIMARY KEY,
  registration_id uuid REFERENCES registrations (id) ON DELETE SET NULL,
  step smallint,
  item_key text,
  method text NOT NULL,
  path text NOT NULL,
  request jsonb,
  status integer,
  response jsonb,
  error text,
  request_id text,
  duration_ms integer NOT NULL,
  attempt integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_calls_registration ON api_calls (registration_id, id DESC);

-- The built-in sandbox's state: what a stand-in Banqup holds.
CREATE TABLE sandbox_applications (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  namespace text NOT NULL,
  owner_entity_id uuid,
  developer_portal_app_id uuid,
  status text NOT NULL DEFAULT 'DRAFT',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sandbox_items (
  id uuid PRIMARY KEY,
  seq serial,
  application_id uuid NOT NULL REFERENCES sandbox_applications (id) ON DELETE CASCADE,
  kind text NOT NULL,
  item_key text,
  data jsonb NOT NULL,
  file bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sandbox_items_key ON sandbox_items (application_id, kind, item_key);
CREATE INDEX sandbox_items_application ON sandbox_items (application_id, kind, seq);

CREATE TABLE sandbox_tokens (
  token_sha256 text PRIMARY KEY,
  client_id text NOT NULL,
  scope text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE sandbox_faults (
  id serial PRIMARY KEY,
  method text,
  path_contains text NOT NULL,
  status integer,
  delay_ms integer NOT NULL DEFAULT 0,
  style text,
  remaining integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '0002_step_send_lock',
    sql: `
-- Set while a step is being sent, so two tabs cannot send the same step at once.
ALTER TABLE registration_steps ADD COLUMN sending_since timestamptz;
`,
  },
  {
    id: '0003_sandbox_write_count',
    sql: `
-- How many times the sandbox received each item: tests prove resends made no duplicate call.
ALTER TABLE sandbox_items ADD COLUMN writes integer NOT NULL DEFAULT 1;
`,
  },
  {
    id: '0004_sandbox_fault_body',
    sql: `
-- A fault may carry the error's detail and field errors, as Banqup would answer them.
ALTER TABLE sandbox_faults ADD COLUMN detail text;
ALTER TABLE sandbox_faults ADD COLUMN errors jsonb;
`,
  },
  {
    id: '0005_review',
    sql: `
-- Reviewers' sign-offs. An approval holds the registration's revision it saw: any later change
-- (a higher revision) makes it stale.
CREATE TABLE sign_offs (
  id uuid PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('approved', 'changes_requested')),
  reviewer text NOT NULL,
  reviewer_verified boolean NOT NULL DEFAULT false,
  comment text NOT NULL DEFAULT '',
  registration_revision integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_offs_registration ON sign_offs (registration_id, created_at DESC);

-- Read-only review links: the token is kept only as a hash.
CREATE TABLE review_links (
  token_sha256 text PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- The registration's status history: in review, submitted for approval, approved, published.
CREATE TABLE registration_events (
  id serial PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  status text NOT NULL,
  actor text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_events_registration ON registration_events (registration_id, id);
`,
  },
  {
    id: '0006_chunked_files',
    sql: `
-- Uploaded files as rows of at most 256 KiB (262144 bytes, CHUNK_BYTES in lib/db/chunks.ts)
-- instead of one bytea per file: PGlite's WASM heap grows by far more than the size of any
-- single large value it handles, and never shrinks.
CREATE TABLE asset_chunks (
  asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (asset_id, seq)
);
INSERT INTO asset_chunks (asset_id, seq, bytes)
SELECT a.id, part.start / 262144, substring(a.bytes FROM part.start + 1 FOR 262144)
FROM assets AS a, generate_series(0, length(a.bytes) - 1, 262144) AS part (start);
ALTER TABLE assets DROP COLUMN bytes;

-- The sandbox never serves the files it receives back: it keeps only what it reports of them.
-- The type is the one sniffed at upload (lib/uploads/sniff.ts); for rows stored before, it is
-- read from the same magic bytes here, SVG (no fixed signature) from the type recorded then.
ALTER TABLE sandbox_items ADD COLUMN file_size integer;
ALTER TABLE sandbox_items ADD COLUMN file_type text;
ALTER TABLE sandbox_items ADD COLUMN file_sha256 text;
UPDATE sandbox_items SET
  file_size = length(file),
  file_sha256 = encode(sha256(file), 'hex'),
  file_type = CASE
    WHEN substring(file FROM 1 FOR 8) = decode('89504e470d0a1a0a', 'hex') THEN 'image/png'
    WHEN substring(file FROM 1 FOR 3) = decode('ffd8ff', 'hex') THEN 'image/jpeg'
    WHEN substring(file FROM 1 FOR 4) = decode('52494646', 'hex') AND substring(file FROM 9 FOR 4) = decode('57454250', 'hex') THEN 'image/webp'
    WHEN data->>'contentType' = 'image/svg+xml' THEN 'image/svg+xml'
    ELSE 'application/octet-stream'
  END
WHERE file IS NOT NULL;
ALTER TABLE sandbox_items DROP COLUMN file;
`,
  },
  {
    id: '0007_sign_off_order',
    sql: `
-- Sign-offs are listed in the order they were given: two given within the same clock tick (or
-- on a server whose clock stepped back) must not swap places, as ordering by created_at let them.
ALTER TABLE sign_offs ADD COLUMN seq bigserial;
CREATE INDEX sign_offs_registration_seq ON sign_offs (registration_id, seq DESC);
`,
  },
  {
    id: '0008_ledger',
    sql: `
-- The ledger: one row per item sent to Banqup (a locale, a media file, a country...), written
-- before the call goes out and given its outcome as soon as the call ends. Banqup has no read,
-- delete, update or reorder call, so this is how the wizard knows what Banqup holds:
--   sending   the call is under way (or its sender died: read as unknown once the claim expired)
--   accepted  Banqup answered success: it holds the item
--   refused   Banqup answered that it did not take it, or the call was never made
--   unknown   the call may have arrived (timeout, connection dropped, gateway 5xx)
-- An unknown item is resolved by reading the application at Banqup (present/absent), or by
-- the person choosing to send it again anyway (resent): it is never resent by accident.
CREATE TABLE ledger_items (
  id bigserial PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  step smallint NOT NULL,
  item_key text NOT NULL,
  label text NOT NULL,
  fingerprint text NOT NULL,
  match jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome text NOT NULL CHECK (outcome IN ('sending', 'accepted', 'refused', 'unknown')),
  resolution text CHECK (resolution IN ('present', 'absent', 'resent')),
  remote_id text,
  response jsonb,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  resolved_at timestamptz
);
CREATE INDEX ledger_items_registration ON ledger_items (registration_id, step, id);

-- What was recorded as sent before the ledger existed becomes its first accepted rows.
INSERT INTO ledger_items (registration_id, step, item_key, label, fingerprint, outcome, response, started_at, finished_at)
SELECT s.registration_id, s.step, item.key, item.key, coalesce(item.value->>'hash', ''), 'accepted', item.value->'response',
       coalesce((item.value->>'sentAt')::timestamptz, s.sent_at, now()), coalesce((item.value->>'sentAt')::timestamptz, s.sent_at, now())
FROM registration_steps AS s, jsonb_each(coalesce(s.sent_payload->'items', '{}'::jsonb)) AS item;

-- A send claims its step (or, for step 1, the draft creation) with an id, and keeps the claim
-- alive while it runs: a second send cannot take it until it has expired (its sender died).
ALTER TABLE registration_steps ADD COLUMN claim_id uuid;
ALTER TABLE registration_steps ADD COLUMN claim_expires_at timestamptz;

-- The sandbox answers as unforgivingly as an API may: a second POST of the same item adds a
-- duplicate. Only the logo (PUT replaces) and versions (one per version number) stay unique.
DROP INDEX sandbox_items_key;
CREATE UNIQUE INDEX sandbox_items_unique_key ON sandbox_items (application_id, kind, item_key) WHERE kind IN ('logo', 'version');
-- Its fault control can carry a call out and then time out, drop the connection or answer 5xx.
ALTER TABLE sandbox_faults ADD COLUMN after_processing boolean NOT NULL DEFAULT false;
ALTER TABLE sandbox_faults ADD COLUMN drop_connection boolean NOT NULL DEFAULT false;
-- The Retry-After of a 429 or 503 fault, in seconds (0 when not given).
ALTER TABLE sandbox_faults ADD COLUMN retry_after integer NOT NULL DEFAULT 0;
`,
  },
  {
    id: '0009_review_link_expiry',
    sql: `
-- Review links expire (14 days by default, REVIEW_LINK_TTL_DAYS); links made before expire
-- 14 days after they were made.
ALTER TABLE review_links ADD COLUMN expires_at timestamptz;
UPDATE review_links SET expires_at = created_at + interval '14 days';
ALTER TABLE review_links ALTER COLUMN expires_at SET NOT NULL;
`,
  },
  {
    id: '0010_actors',
    sql: `
-- Who did what. Every journal entry, sign-off, status change and review link names its actor
-- (the signed-in identity: an e-mail address or the proxy's user name; 'local' in AUTH_MODE=none).
ALTER TABLE api_calls ADD COLUMN actor text;
ALTER TABLE sign_offs ADD COLUMN reviewer_id text;
ALTER TABLE registration_events ADD COLUMN actor_id text;
ALTER TABLE review_links ADD COLUMN created_by text NOT NULL DEFAULT '';
-- Every change of a registration's content (a revision), by whom: a person who changed it since
-- the last approval cannot approve it (four eyes).
CREATE TABLE registration_changes (
  id bigserial PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  revision integer NOT NULL,
  step smallint NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_changes_registration ON registration_changes (registration_id, revision);
-- Changing a registration that was submitted to Banqup is acknowledged first (who, when): the
-- first change then moves it back to in progress.
ALTER TABLE registrations ADD COLUMN reopen_acknowledged_by text;
`,
  },
  {
    id: '0011_rate_limits',
    sql: `
-- Rate limits shared by every replica (lib/db/rate-limits.ts): one row per counted event,
-- kept for one window. A bucket names who is counted, e.g. 'upload:client:10.0.0.7'.
CREATE TABLE rate_limit_hits (
  bucket text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_bucket ON rate_limit_hits (bucket, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);
`,
  },
  {
    id: '0012_sessions',
    sql: `
-- AUTH_MODE=oidc. A session is known by the SHA-256 of its id: the id itself lives only in the
-- person's cookie, so a copy of this table signs nobody in. The identity is the one the
-- provider gave at sign-in; it is not refreshed before the session ends (expires_at is
-- absolute: OIDC_SESSION_HOURS after sign-in).
CREATE TABLE auth_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL,
  user_name text NOT NULL,
  email text,
  groups jsonb NOT NULL DEFAULT '[]'::jsonb,
  issuer text NOT NULL,
  subject text NOT NULL,
  -- Sent back as id_token_hint when the person signs out at the provider too.
  id_token text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_sessions_expires_at ON auth_sessions (expires_at);

-- A sign-in under way, from the redirect to the provider until its answer (10 minutes at
-- most): known by the SHA-256 of its OAuth state, tied to the browser that started it by the
-- SHA-256 of that browser's sign-in cookie, and used once.
CREATE TABLE auth_login_attempts (
  state_hash text PRIMARY KEY,
  browser_hash text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_login_attempts_expires_at ON auth_login_attempts (expires_at);
`,
  },
  {
    id: '0013_archive_and_next_version',
    sql: `
-- Housekeeping. An archived registration leaves the default list and is read-only until it is
-- restored (archiving changes nothing at Banqup: it has no delete call). Who archived it, when.
ALTER TABLE registrations ADD COLUMN archived_at timestamptz;
ALTER TABLE registrations ADD COLUMN archived_by text;
-- "Start the next version from this one": the registration it was started from.
ALTER TABLE registrations ADD COLUMN previous_registration_id uuid REFERENCES registrations (id) ON DELETE SET NULL;
CREATE INDEX registrations_previous ON registrations (previous_registration_id) WHERE previous_registration_id IS NOT NULL;
`,
  },
  {
    id: '0014_review_comments',
    sql: `
-- An approval keeps the answers it saw (lib/registration/answers.ts: each step's fields as
-- the summary shows them, no secret), so that the summary can show what changed since, field
-- by field. NULL for a request for changes, and for approvals given before this migration.
ALTER TABLE sign_offs ADD COLUMN answers jsonb;

-- A reviewer's request for changes, pointed at a step (and optionally one of its fields): shown
-- on that step's page, in the step list and in the registrations list until someone who can
-- edit marks it resolved (who, when).
CREATE TABLE review_comments (
  id uuid PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  sign_off_id uuid REFERENCES sign_offs (id) ON DELETE SET NULL,
  step smallint NOT NULL CHECK (step BETWEEN 1 AND 9),
  field text,
  body text NOT NULL,
  author text NOT NULL,
  author_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text,
  resolved_by_id text
);
CREATE INDEX review_comments_registration ON review_comments (registration_id, created_at);
CREATE INDEX review_comments_open ON review_comments (registration_id) WHERE resolved_at IS NULL;
`,
  },
];
