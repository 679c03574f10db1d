import 'server-only';
import { migrate, type Db } from '@/lib/db/db';
import type { Migration } from '@/lib/db/migrations';

/**
 * The sandbox's own tables (sandbox_*), applied in sandbox mode only, on its first use: a
 * deployment against the real Banqup API has none. Plain PostgreSQL DDL for PGlite and
 * PostgreSQL, run by the app's runner under the same advisory lock; append only, like the app's.
 *
 * Recorded in a table of the sandbox's own, sandbox_migrations, not among the app's ids in
 * schema_migrations: everything the sandbox keeps is then in sandbox_* tables (dropping them
 * drops the record with them, and the sandbox creates them again on its next use), and the
 * app's record, which /api/ready compares with the app's list, lists the app's migrations only.
 */
export const SANDBOX_MIGRATIONS_TABLE = 'sandbox_migrations';

export const SANDBOX_MIGRATIONS: ReadonlyArray<Migration> = [
  {
    id: '0001_sandbox_tables',
    // NOTE: until this list existed, the app's migrations 0001 to 0008 created these tables in
    // this very shape (lib/db/migrations.ts). A database migrated then has them, with the
    // sandbox's state in them, and its app migrations finish them before the sandbox opens it:
    // IF NOT EXISTS keeps them as they are.
    sql: `
-- The built-in sandbox's state: what a stand-in Banqup holds.
CREATE TABLE IF NOT EXISTS sandbox_applications (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  namespace text NOT NULL,
  owner_entity_id uuid,
  developer_portal_app_id uuid,
  status text NOT NULL DEFAULT 'DRAFT',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every item an application received. The sandbox never serves the files it receives back:
-- it keeps only what it reports of them (size, the type sniffed at upload, SHA-256).
-- writes: how many times the item was received (a logo's PUT replaces it).
CREATE TABLE IF NOT EXISTS sandbox_items (
  id uuid PRIMARY KEY,
  seq serial,
  application_id uuid NOT NULL REFERENCES sandbox_applications (id) ON DELETE CASCADE,
  kind text NOT NULL,
  item_key text,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  writes integer NOT NULL DEFAULT 1,
  file_size integer,
  file_type text,
  file_sha256 text
);
-- The sandbox answers as unforgivingly as an API may: a second POST of the same item adds a
-- duplicate. Only the logo (PUT replaces) and versions (one per version number) stay unique.
CREATE UNIQUE INDEX IF NOT EXISTS sandbox_items_unique_key ON sandbox_items (application_id, kind, item_key) WHERE kind IN ('logo', 'version');
CREATE INDEX IF NOT EXISTS sandbox_items_application ON sandbox_items (application_id, kind, seq);

-- Tokens issued by /sandbox/oauth/token, known by their SHA-256.
CREATE TABLE IF NOT EXISTS sandbox_tokens (
  token_sha256 text PRIMARY KEY,
  client_id text NOT NULL,
  scope text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The fault control: the next N matching calls fail, are slow, or are carried out and then
-- time out, drop the connection or answer 5xx (after_processing), with Banqup's error body
-- (detail, errors) and the Retry-After of a 429 or 503, in seconds.
CREATE TABLE IF NOT EXISTS sandbox_faults (
  id serial PRIMARY KEY,
  method text,
  path_contains text NOT NULL,
  status integer,
  delay_ms integer NOT NULL DEFAULT 0,
  style text,
  remaining integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  detail text,
  errors jsonb,
  after_processing boolean NOT NULL DEFAULT false,
  drop_connection boolean NOT NULL DEFAULT false,
  retry_after integer NOT NULL DEFAULT 0
);
`,
  },
];

/** Applies the sandbox's pending migrations; the ids applied. */
export function migrateSandbox(db: Db, migrations: ReadonlyArray<Migration> = SANDBOX_MIGRATIONS): Promise<string[]> {
  return migrate(db, migrations, SANDBOX_MIGRATIONS_TABLE);
}

const migrated = new WeakMap<Db, Promise<unknown>>();

/**
 * The database with the sandbox's tables in place: migrated once per database handle (the
 * sandbox's first call waits for it, the others find it done). A failure is not kept: the next
 * call tries again.
 */
export async function sandboxDb(db: Db): Promise<Db> {
  let ready = migrated.get(db);
  if (!ready) {
    ready = migrateSandbox(db).catch((error: unknown) => {
      migrated.delete(db);
      throw error;
    });
    migrated.set(db, ready);
  }
  await ready;
  return db;
}
