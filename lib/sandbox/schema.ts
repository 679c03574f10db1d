import type { ColumnType, Generated } from 'kysely';
import type { Json, Nullability, Timestamp } from '@/lib/db/schema';
import type { ErrorStyle, FieldError } from './responses';

/**
 * The sandbox's tables and columns as its migrations (lib/sandbox/migrations.ts) make them, for
 * Kysely (typed<SandboxDatabase>, lib/db/kysely.ts): a query in store.ts naming a column that is
 * not here, or reading one as another type, fails the typecheck. The conventions are the app's
 * (lib/db/schema.ts): timestamptz read as a Date, jsonb written as its JSON text, a column with a
 * default Generated. SANDBOX_COLUMNS repeats every column with its nullability: the typecheck
 * holds it to this interface, lib/sandbox/migrations.test.ts to the migrated database.
 */

/** What an application received, one kind per step (steps 2 to 9). */
export type ItemKind = 'infoLocalization' | 'logo' | 'media' | 'spaceType' | 'spaceSegment' | 'brand' | 'location' | 'version';

type Now = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SandboxApplicationsTable {
  id: string;
  name: string;
  namespace: string;
  owner_entity_id: string | null;
  developer_portal_app_id: string | null;
  status: Generated<string>;
  created_at: Now;
}

export interface SandboxItemsTable {
  id: string;
  seq: Generated<number>;
  application_id: string;
  /** text: the sandbox writes only these. */
  kind: ItemKind;
  /** The item's natural key (the locale, the country...): always given, though the column allows NULL. */
  item_key: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Now;
  updated_at: Now;
  writes: Generated<number>;
  file_size: number | null;
  file_type: string | null;
  file_sha256: string | null;
}

export interface SandboxTokensTable {
  token_sha256: string;
  client_id: string;
  scope: string;
  expires_at: Timestamp;
}

export interface SandboxFaultsTable {
  id: Generated<number>;
  method: string | null;
  path_contains: string;
  status: number | null;
  delay_ms: Generated<number>;
  /** text: one of ERROR_STYLES (responses.ts), as the fault control validated it. */
  style: ErrorStyle | null;
  remaining: number;
  created_at: Now;
  detail: string | null;
  errors: Json<FieldError[]> | null;
  after_processing: Generated<boolean>;
  drop_connection: Generated<boolean>;
  retry_after: Generated<number>;
}

export interface SandboxMigrationsTable {
  id: string;
  applied_at: Generated<Date>;
}

export interface SandboxDatabase {
  sandbox_applications: SandboxApplicationsTable;
  sandbox_items: SandboxItemsTable;
  sandbox_tokens: SandboxTokensTable;
  sandbox_faults: SandboxFaultsTable;
  sandbox_migrations: SandboxMigrationsTable;
}

/** Every column of every sandbox table, with its nullability (see the top of this file). */
export const SANDBOX_COLUMNS = {
  sandbox_applications: {
    id: 'not null',
    name: 'not null',
    namespace: 'not null',
    owner_entity_id: 'null',
    developer_portal_app_id: 'null',
    status: 'not null',
    created_at: 'not null',
  },
  sandbox_items: {
    id: 'not null',
    seq: 'not null',
    application_id: 'not null',
    kind: 'not null',
    item_key: 'null',
    data: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    writes: 'not null',
    file_size: 'null',
    file_type: 'null',
    file_sha256: 'null',
  },
  sandbox_tokens: { token_sha256: 'not null', client_id: 'not null', scope: 'not null', expires_at: 'not null' },
  sandbox_faults: {
    id: 'not null',
    method: 'null',
    path_contains: 'not null',
    status: 'null',
    delay_ms: 'not null',
    style: 'null',
    remaining: 'not null',
    created_at: 'not null',
    detail: 'null',
    errors: 'null',
    after_processing: 'not null',
    drop_connection: 'not null',
    retry_after: 'not null',
  },
  sandbox_migrations: { id: 'not null', applied_at: 'not null' },
} as const satisfies { [Table in keyof SandboxDatabase]: Nullability<SandboxDatabase[Table]> };
