import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
import type { ErrorStyle } from './responses';

/** The sandbox's state, in the app's own database: a restart loses nothing. */

export type SandboxApplication = {
  id: string;
  name: string;
  namespace: string;
  ownerEntityId: string | null;
  developerPortalAppId: string | null;
  status: string;
  createdAt: string;
};

export type ItemKind = 'infoLocalization' | 'logo' | 'media' | 'spaceType' | 'spaceSegment' | 'brand' | 'location' | 'version';

export async function createApplication(
  db: Queryable,
  draft: { name: string; namespace: string; ownerEntityId?: string; developerPortalAppId?: string },
): Promise<SandboxApplication> {
  const [row] = await db.query<{ id: string; created_at: Date }>(
    `INSERT INTO sandbox_applications (id, name, namespace, owner_entity_id, developer_portal_app_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
    [randomUUID(), draft.name, draft.namespace, draft.ownerEntityId ?? null, draft.developerPortalAppId ?? null],
  );
  if (!row) throw new Error('insert returned nothing');
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
  const [row] = await db.query<{
    id: string;
    name: string;
    namespace: string;
    owner_entity_id: string | null;
    developer_portal_app_id: string | null;
    status: string;
    created_at: Date;
  }>('SELECT * FROM sandbox_applications WHERE id = $1', [id]);
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
  await db.query(
    `INSERT INTO sandbox_items (id, application_id, kind, item_key, data, file_size, file_type, file_sha256)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
    [id, applicationId, kind, key, JSON.stringify(data), file?.size ?? null, file?.contentType ?? null, file?.sha256 ?? null],
  );
  return id;
}

/** Replaces the application's logo, as the logo's PUT does; `writes` counts the PUTs received. */
export async function putLogo(db: Queryable, applicationId: string, data: Record<string, unknown>, file: StoredFile): Promise<void> {
  await db.query(
    `INSERT INTO sandbox_items (id, application_id, kind, item_key, data, file_size, file_type, file_sha256)
     VALUES ($1, $2, 'logo', 'logo', $3::jsonb, $4, $5, $6)
     ON CONFLICT (application_id, kind, item_key) WHERE kind IN ('logo', 'version')
     DO UPDATE SET data = EXCLUDED.data, file_size = EXCLUDED.file_size, file_type = EXCLUDED.file_type,
       file_sha256 = EXCLUDED.file_sha256, updated_at = now(), writes = sandbox_items.writes + 1`,
    [randomUUID(), applicationId, JSON.stringify(data), file.size, file.contentType, file.sha256],
  );
}

/** Inserts an item whose key must be new (a version); undefined when it already exists. */
export async function insertNewItem(
  db: Queryable,
  applicationId: string,
  kind: 'version',
  key: string,
  data: Record<string, unknown>,
): Promise<string | undefined> {
  const id = randomUUID();
  const rows = await db.query<{ id: string }>(
    `INSERT INTO sandbox_items (id, application_id, kind, item_key, data)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (application_id, kind, item_key) WHERE kind IN ('logo', 'version') DO NOTHING RETURNING id`,
    [id, applicationId, kind, key, JSON.stringify(data)],
  );
  return rows[0]?.id;
}

export type StoredItem = { id: string; kind: ItemKind; key: string; data: Record<string, unknown>; file: StoredFile | null; writes: number; createdAt: string; updatedAt: string };

export async function listItems(db: Queryable, applicationId: string): Promise<StoredItem[]> {
  const rows = await db.query<{
    id: string;
    kind: ItemKind;
    item_key: string;
    data: Record<string, unknown>;
    file_size: number | null;
    file_type: string | null;
    file_sha256: string | null;
    writes: number;
    created_at: Date;
    updated_at: Date;
  }>(`SELECT id, kind, item_key, data, file_size, file_type, file_sha256, writes, created_at, updated_at
     FROM sandbox_items WHERE application_id = $1 ORDER BY seq`, [applicationId]);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    key: row.item_key,
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
  await db.query(
    `INSERT INTO sandbox_tokens (token_sha256, client_id, scope, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [sha256(token), clientId, scope, ttlSeconds],
  );
  return token;
}

export async function isIssuedTokenValid(db: Queryable, token: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM sandbox_tokens WHERE token_sha256 = $1 AND expires_at > now()', [sha256(token)]);
  return rows.length > 0;
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

type FaultRow = {
  id: number;
  after_processing: boolean;
  drop_connection: boolean;
  retry_after: number;
  method: string | null;
  path_contains: string;
  status: number | null;
  delay_ms: number;
  style: ErrorStyle | null;
  remaining: number;
  detail: string | null;
  errors: { field: string; message: string }[] | null;
};
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
  const [row] = await db.query<FaultRow>(
    `INSERT INTO sandbox_faults (method, path_contains, status, delay_ms, style, remaining, detail, errors, after_processing, drop_connection, retry_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11) RETURNING *`,
    [
      fault.method,
      fault.pathContains,
      fault.status,
      fault.delayMs,
      fault.style,
      fault.remaining,
      fault.detail,
      fault.errors ? JSON.stringify(fault.errors) : null,
      fault.after,
      fault.drop,
      fault.retryAfter,
    ],
  );
  if (!row) throw new Error('insert returned nothing');
  return toFault(row);
}

export async function listFaults(db: Queryable): Promise<Fault[]> {
  return (await db.query<FaultRow>('SELECT * FROM sandbox_faults WHERE remaining > 0 ORDER BY id')).map(toFault);
}

export async function clearFaults(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sandbox_faults');
}

/** Takes (uses up one of) the oldest fault matching this call, atomically. */
export async function takeFault(db: Queryable, method: string, path: string): Promise<Fault | undefined> {
  // One statement: the row lock of FOR UPDATE makes concurrent calls take distinct uses.
  const [row] = await db.query<FaultRow>(
      `UPDATE sandbox_faults SET remaining = remaining - 1
       WHERE id = (
         SELECT id FROM sandbox_faults
         WHERE remaining > 0 AND strpos($1, path_contains) > 0 AND (method IS NULL OR method = $2)
         ORDER BY id LIMIT 1 FOR UPDATE
       ) AND remaining > 0
       RETURNING *`,
    [path, method],
  );
  return row ? toFault(row) : undefined;
}
