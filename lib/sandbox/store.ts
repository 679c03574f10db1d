import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { ErrorStyle } from './responses';
import type { ItemKind, SandboxDatabase, SandboxFaultsTable } from './schema';

export type { ItemKind } from './schema';

/**
 * The sandbox's state, in the app's own database (its own tables, lib/sandbox/migrations.ts): a
 * restart loses nothing. Every statement is typed by SandboxDatabase (schema.ts).
 */
const sandbox = (db: Queryable) => typed<SandboxDatabase>(db);

/**
 * The predicate of sandbox_items_unique_key, the partial unique index that keeps one logo and one
 * version per version number (other items may repeat). ON CONFLICT names it to pick that index,
 * as literals: PostgreSQL matches it against the index's own predicate when it plans the statement.
 */
const UNIQUE_KINDS = [sql.lit<ItemKind>('logo'), sql.lit<ItemKind>('version')];

export type SandboxApplication = {
  id: string;
  name: string;
  namespace: string;
  ownerEntityId: string | null;
  developerPortalAppId: string | null;
  status: string;
  createdAt: string;
};

export async function createApplication(
  db: Queryable,
  draft: { name: string; namespace: string; ownerEntityId?: string; developerPortalAppId?: string },
): Promise<SandboxApplication> {
  const row = await sandbox(db)
    .insertInto('sandbox_applications')
    .values({
      id: randomUUID(),
      name: draft.name,
      namespace: draft.namespace,
      owner_entity_id: draft.ownerEntityId ?? null,
      developer_portal_app_id: draft.developerPortalAppId ?? null,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow(() => new Error('insert returned nothing'));
  return {
    id: row.id,
    name: draft.name,
    namespace: draft.namespace,
    ownerEntityId: draft.ownerEntityId ?? null,
    developerPortalAppId: draft.developerPortalAppId ?? null,
    status: 'DRAFT',
    createdAt: row.created_at.toISOString(),
  };
}

export async function findApplication(db: Queryable, id: string): Promise<SandboxApplication | undefined> {
  const row = await sandbox(db).selectFrom('sandbox_applications').selectAll().where('id', '=', id).executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        namespace: row.namespace,
        ownerEntityId: row.owner_entity_id,
        developerPortalAppId: row.developer_portal_app_id,
        status: row.status,
        createdAt: row.created_at.toISOString(),
      }
    : undefined;
}

/**
 * What the sandbox keeps of a file it received (a logo, a media): its facts, not its bytes,
 * which it never serves back. `contentType` is the type sniffed from the content at upload.
 */
export type StoredFile = { size: number; contentType: string; sha256: string };

export function describeFile(bytes: Uint8Array, contentType: string): StoredFile {
  return { size: bytes.byteLength, contentType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Adds an item, as a POST does. NOTE: the recipe does not say what a second POST of the same
 * item does; the sandbox takes the least forgiving reading: it adds a duplicate, which (like
 * everything at Banqup) no API call can remove. `key` is the item's natural key (the locale,
 * the country...), kept to read duplicates back.
 */
export async function addItem(
  db: Queryable,
  applicationId: string,
  kind: Exclude<ItemKind, 'logo' | 'version'>,
  key: string,
  data: Record<string, unknown>,
  file: StoredFile | null = null,
): Promise<string> {
  const id = randomUUID();
  await sandbox(db)
    .insertInto('sandbox_items')
    .values({
      id,
      application_id: applicationId,
      kind,
      item_key: key,
      data: JSON.stringify(data),
      file_size: file?.size ?? null,
      file_type: file?.contentType ?? null,
      file_sha256: file?.sha256 ?? null,
    })
    .execute();
  return id;
}

/** Replaces the application's logo, as the logo's PUT does; `writes` counts the PUTs received. */
export async function putLogo(db: Queryable, applicationId: string, data: Record<string, unknown>, file: StoredFile): Promise<void> {
  await sandbox(db)
    .insertInto('sandbox_items')
    .values({
      id: randomUUID(),
      application_id: applicationId,
      kind: 'logo',
      item_key: 'logo',
      data: JSON.stringify(data),
      file_size: file.size,
      file_type: file.contentType,
      file_sha256: file.sha256,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['application_id', 'kind', 'item_key'])
        .where('kind', 'in', UNIQUE_KINDS)
        .doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          file_size: eb.ref('excluded.file_size'),
          file_type: eb.ref('excluded.file_type'),
          file_sha256: eb.ref('excluded.file_sha256'),
          updated_at: sql<Date>`now()`,
          writes: eb('sandbox_items.writes', '+', 1),
        })),
    )
    .execute();
}

/** Inserts an item whose key must be new (a version); undefined when it already exists. */
export async function insertNewItem(
  db: Queryable,
  applicationId: string,
  kind: 'version',
  key: string,
  data: Record<string, unknown>,
): Promise<string | undefined> {
  const row = await sandbox(db)
    .insertInto('sandbox_items')
    .values({ id: randomUUID(), application_id: applicationId, kind, item_key: key, data: JSON.stringify(data) })
    .onConflict((conflict) => conflict.columns(['application_id', 'kind', 'item_key']).where('kind', 'in', UNIQUE_KINDS).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export type StoredItem = { id: string; kind: ItemKind; key: string; data: Record<string, unknown>; file: StoredFile | null; writes: number; createdAt: string; updatedAt: string };

export async function listItems(db: Queryable, applicationId: string): Promise<StoredItem[]> {
  const rows = await sandbox(db)
    .selectFrom('sandbox_items')
    .select(['id', 'kind', 'item_key', 'data', 'file_size', 'file_type', 'file_sha256', 'writes', 'created_at', 'updated_at'])
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    key: row.item_key ?? '',
    data: row.data,
    file:
      row.file_size === null
        ? null
        : { size: row.file_size, contentType: row.file_type ?? 'application/octet-stream', sha256: row.file_sha256 ?? '' },
    writes: row.writes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

// ---------------------------------------------------------------------------------------
// Tokens the sandbox issued through /sandbox/oauth/token (stored as hashes).

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function issueToken(db: Queryable, clientId: string, scope: string, ttlSeconds: number): Promise<string> {
  const token = `sbx_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;
  await sandbox(db)
    .insertInto('sandbox_tokens')
    .values({ token_sha256: sha256(token), client_id: clientId, scope, expires_at: sql<Date>`now() + make_interval(secs => ${ttlSeconds})` })
    .execute();
  return token;
}

export async function isIssuedTokenValid(db: Queryable, token: string): Promise<boolean> {
  const row = await sandbox(db)
    .selectFrom('sandbox_tokens')
    .select('token_sha256')
    .where('token_sha256', '=', sha256(token))
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------
// Faults, for tests: the next N calls whose path contains `pathContains` fail or are slow.

export type Fault = {
  id: number;
  /** Carry the call out first, then fail it: the cases where the client cannot know it arrived. */
  after: boolean;
  /** After carrying it out, break the connection instead of answering. */
  drop: boolean;
  /** Retry-After (seconds) of a 429 or 503. */
  retryAfter: number;
  method: string | null;
  pathContains: string;
  status: number | null;
  delayMs: number;
  style: ErrorStyle | null;
  remaining: number;
  detail: string | null;
  errors: { field: string; message: string }[] | null;
};

type FaultRow = Selectable<SandboxFaultsTable>;
const toFault = (row: FaultRow): Fault => ({
  id: row.id,
  after: row.after_processing,
  drop: row.drop_connection,
  retryAfter: row.retry_after,
  method: row.method,
  pathContains: row.path_contains,
  status: row.status,
  delayMs: row.delay_ms,
  style: row.style,
  remaining: row.remaining,
  detail: row.detail,
  errors: row.errors,
});

export async function addFault(db: Queryable, fault: Omit<Fault, 'id'>): Promise<Fault> {
  const row = await sandbox(db)
    .insertInto('sandbox_faults')
    .values({
      method: fault.method,
      path_contains: fault.pathContains,
      status: fault.status,
      delay_ms: fault.delayMs,
      style: fault.style,
      remaining: fault.remaining,
      detail: fault.detail,
      errors: fault.errors ? JSON.stringify(fault.errors) : null,
      after_processing: fault.after,
      drop_connection: fault.drop,
      retry_after: fault.retryAfter,
    })
    .returningAll()
    .executeTakeFirstOrThrow(() => new Error('insert returned nothing'));
  return toFault(row);
}

export async function listFaults(db: Queryable): Promise<Fault[]> {
  return (await sandbox(db).selectFrom('sandbox_faults').selectAll().where('remaining', '>', 0).orderBy('id').execute()).map(toFault);
}

export async function clearFaults(db: Queryable): Promise<void> {
  await sandbox(db).deleteFrom('sandbox_faults').execute();
}

/** Takes (uses up one of) the oldest fault matching this call, atomically. */
export async function takeFault(db: Queryable, method: string, path: string): Promise<Fault | undefined> {
  // One statement: the row lock of FOR UPDATE makes concurrent calls take distinct uses.
  const row = await sandbox(db)
    .updateTable('sandbox_faults')
    .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('sandbox_faults')
        .select('id')
        .where('remaining', '>', 0)
        .where(eb.fn<number>('strpos', [eb.val(path), eb.ref('path_contains')]), '>', 0)
        .where((where) => where.or([where('method', 'is', null), where('method', '=', method)]))
        .orderBy('id')
        .limit(1)
        .forUpdate(),
    )
    .where('remaining', '>', 0)
    .returningAll()
    .executeTakeFirst();
  return row ? toFault(row) : undefined;
}
