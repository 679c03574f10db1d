import 'server-only';
import { randomUUID } from 'node:crypto';
import { joinChunks } from '@/lib/bytes';
import { BYTES_AS_TEXT, BYTES_FROM_PARAMETER, bytesFromText, bytesParameter, splitChunks } from '@/lib/db/chunks';
import type { Db, Queryable } from '@/lib/db/db';
import type { AttemptRecord } from '@/lib/banqup/http';
import type { RegistrationStatus } from '@/lib/registration/statuses';

export type RegistrationSummary = {
  id: string;
  name: string;
  namespace: string;
  applicationId: string | null;
  status: RegistrationStatus;
  createdAt: Date;
  updatedAt: Date;
  stepsSent: number;
  /** Who acknowledged that changing this submitted registration sends it back to in progress. */
  reopenAcknowledgedBy: string | null;
  /** Archived (out of the default list, read-only until restored): when, and by whom. */
  archivedAt: Date | null;
  archivedBy: string | null;
  /** The registration this one was started from ("Start the next version from this one"). */
  previousRegistrationId: string | null;
  /** The newest registration started from this one, if any. */
  nextRegistrationId: string | null;
  /** The steps of the reviewers' comments not resolved yet, one entry per comment, in step order. */
  openCommentSteps: number[];
};

type RegistrationRow = {
  id: string;
  name: string;
  namespace: string;
  application_id: string | null;
  status: RegistrationStatus;
  created_at: Date;
  updated_at: Date;
  steps_sent: number;
  reopen_acknowledged_by: string | null;
  archived_at: Date | null;
  archived_by: string | null;
  previous_registration_id: string | null;
  next_registration_id: string | null;
  open_comment_steps: number[] | null;
};

const toSummary = (row: RegistrationRow): RegistrationSummary => ({
  id: row.id,
  name: row.name,
  namespace: row.namespace,
  applicationId: row.application_id,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  stepsSent: row.steps_sent,
  reopenAcknowledgedBy: row.reopen_acknowledged_by,
  archivedAt: row.archived_at,
  archivedBy: row.archived_by,
  previousRegistrationId: row.previous_registration_id,
  nextRegistrationId: row.next_registration_id,
  openCommentSteps: (row.open_comment_steps ?? []).map(Number),
});

const SUMMARY_SELECT = `
  SELECT r.id, r.name, r.namespace, r.application_id, r.status, r.created_at, r.updated_at, r.reopen_acknowledged_by,
         r.archived_at, r.archived_by, r.previous_registration_id,
         (SELECT n.id FROM registrations n WHERE n.previous_registration_id = r.id ORDER BY n.created_at DESC, n.id LIMIT 1) AS next_registration_id,
         (SELECT count(*)::int FROM registration_steps s WHERE s.registration_id = r.id AND s.sent_at IS NOT NULL) AS steps_sent,
         (SELECT array_agg(c.step::int ORDER BY c.step) FROM review_comments c WHERE c.registration_id = r.id AND c.resolved_at IS NULL) AS open_comment_steps
  FROM registrations r`;

export async function createRegistration(db: Queryable): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO registrations (id) VALUES ($1)', [id]);
  return id;
}

/** Statuses in which the registration is with Banqup: changing it is acknowledged first. */
export const SUBMITTED_STATUSES: ReadonlySet<RegistrationStatus> = new Set(['submitted', 'approved', 'published']);

/** Records that `actorId` acknowledged that changing this submitted registration reopens it. */
export async function acknowledgeReopen(db: Queryable, registrationId: string, actorId: string): Promise<void> {
  await db.query('UPDATE registrations SET reopen_acknowledged_by = $2 WHERE id = $1', [registrationId, actorId]);
}

/** Registrations the list shows on one page. */
export const REGISTRATIONS_PAGE = 50;

/**
 * Registrations, newest change first, optionally of one status and/or matching a name: one page
 * of REGISTRATIONS_PAGE (page 1 first), and whether there is a next one. Archived registrations
 * are left out, unless `archived` asks for them (then only they are listed).
 */
export async function listRegistrations(
  db: Queryable,
  filter: { status?: string; search?: string; page?: number; archived?: boolean } = {},
): Promise<{ rows: RegistrationSummary[]; hasMore: boolean }> {
  const search = filter.search?.trim();
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const rows = await db.query<RegistrationRow>(
    `${SUMMARY_SELECT}
     WHERE ($1::text IS NULL OR r.status = $1)
       AND ($2::text IS NULL OR r.name ILIKE '%' || $2 || '%' OR r.namespace ILIKE '%' || $2 || '%')
       AND (r.archived_at IS NOT NULL) = $5::boolean
     ORDER BY r.updated_at DESC, r.id LIMIT $3 OFFSET $4`,
    [
      filter.status ?? null,
      search ? search.replace(/[\\%_]/g, (c) => `\\${c}`) : null,
      REGISTRATIONS_PAGE + 1,
      (page - 1) * REGISTRATIONS_PAGE,
      filter.archived === true,
    ],
  );
  return { rows: rows.slice(0, REGISTRATIONS_PAGE).map(toSummary), hasMore: rows.length > REGISTRATIONS_PAGE };
}

/** Registrations in the default list by status, and how many are archived (of any status). */
export async function countByStatus(db: Queryable): Promise<{ byStatus: Record<string, number>; archived: number }> {
  const rows = await db.query<{ status: string; archived: boolean; n: number }>(
    'SELECT status, archived_at IS NOT NULL AS archived, count(*)::int AS n FROM registrations GROUP BY status, archived_at IS NOT NULL',
  );
  return {
    byStatus: Object.fromEntries(rows.filter((row) => !row.archived).map((row) => [row.status, row.n])),
    archived: rows.filter((row) => row.archived).reduce((sum, row) => sum + row.n, 0),
  };
}

/** Archives a registration (no-op when it already is): true when this call archived it. */
export async function archiveRegistration(db: Queryable, id: string, actor: Actor): Promise<boolean> {
  const rows = await db.query('UPDATE registrations SET archived_at = now(), archived_by = $2 WHERE id = $1 AND archived_at IS NULL RETURNING id', [id, actor.name]);
  return rows.length > 0;
}

/** Restores an archived registration to the list, as it was: true when this call restored it. */
export async function restoreRegistration(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE registrations SET archived_at = NULL, archived_by = NULL WHERE id = $1 AND archived_at IS NOT NULL RETURNING id', [id]);
  return rows.length > 0;
}

/** What a change of an archived registration is answered with, on the server (actions, routes). */
export const ARCHIVED_MESSAGE = 'This registration is archived: it is read-only. Restore it from the registrations list (Archived) to change it.';

/** The refusal for a change of `id` when it is archived (or gone), else undefined. */
export async function archivedRefusal(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ archived: boolean }>('SELECT archived_at IS NOT NULL AS archived FROM registrations WHERE id = $1', [id]);
  if (!row) return 'This registration does not exist (any more).';
  return row.archived ? ARCHIVED_MESSAGE : undefined;
}

export async function getRegistration(db: Queryable, id: string): Promise<RegistrationSummary | undefined> {
  const [row] = await db.query<RegistrationRow>(`${SUMMARY_SELECT} WHERE r.id = $1`, [id]);
  return row ? toSummary(row) : undefined;
}

/** A person acting: the signed-in identity's stable id and the name the pages show. */
export type Actor = { id: string; name: string };

/** Writes one attempt of a Banqup call to the journal (already redacted by the client). */
export async function recordApiCall(
  db: Queryable,
  entry: AttemptRecord & { registrationId: string | null; step: number | null; itemKey?: string | null; actor?: Actor },
): Promise<void> {
  await db.query(
    `INSERT INTO api_calls (registration_id, step, item_key, method, path, request, status, response, error, request_id, duration_ms, attempt, actor)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13)`,
    [
      entry.registrationId,
      entry.step,
      entry.itemKey ?? null,
      entry.method,
      entry.path,
      JSON.stringify(entry.request ?? null),
      entry.status,
      JSON.stringify(entry.response ?? null),
      entry.error,
      entry.requestId,
      entry.durationMs,
      entry.attempt,
      entry.actor?.name ?? null,
    ],
  );
}

export type JournalEntry = AttemptRecord & { id: number; step: number | null; itemKey: string | null; actor: string | null; createdAt: Date };

/** The journal's page size on the summary: the newest calls, then "older" (the export has them all). */
export const JOURNAL_PAGE = 50;

export async function countApiCalls(db: Queryable, registrationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_calls WHERE registration_id = $1', [registrationId]);
  return row?.n ?? 0;
}

/** The journal, newest first: all of it, or `limit` entries older than the entry `before`. */
export async function listApiCalls(db: Queryable, registrationId: string, page: { limit?: number; before?: number } = {}): Promise<JournalEntry[]> {
  const rows = await db.query<{
    id: number;
    step: number | null;
    item_key: string | null;
    method: string;
    path: string;
    request: unknown;
    status: number | null;
    response: unknown;
    error: string | null;
    request_id: string | null;
    duration_ms: number;
    attempt: number;
    actor: string | null;
    created_at: Date;
  }>(
    `SELECT * FROM api_calls WHERE registration_id = $1 AND ($2::int IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [registrationId, page.before ?? null, page.limit ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    step: row.step,
    itemKey: row.item_key,
    method: row.method,
    path: row.path,
    request: row.request,
    status: row.status,
    response: row.response,
    error: row.error,
    requestId: row.request_id,
    durationMs: row.duration_ms,
    attempt: row.attempt,
    actor: row.actor,
    createdAt: row.created_at,
  }));
}

/** JSON with object keys sorted, so equal values compare equal whatever the key order (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}

export type SaveDraftResult = { ok: true; revision: number; changed: boolean; /** The step's row as saved. */ row: StepRow } | { ok: false; conflict: true; revision: number };

/**
 * Saves a step's draft. With `baseRevision`, the save succeeds only if nobody saved since
 * that revision (another tab, another reviewer): the caller is told of the conflict instead
 * of silently overwriting it. One statement: the draft, the registration's revision and who
 * made it are written together, and the saved step's row comes back (a save's answer needs it).
 */
export async function saveDraft(
  db: Queryable,
  registrationId: string,
  step: number,
  draft: unknown,
  baseRevision?: number,
  actor?: Actor,
): Promise<SaveDraftResult> {
  // $1 registration, $2 step, $3 draft, $4/$5 who, $6 the revision the save starts from.
  const write =
    baseRevision === undefined
      ? `INSERT INTO registration_steps (registration_id, step, draft, draft_revision, draft_saved_at)
         VALUES ($1, $2, $3::jsonb, 1, now())
         ON CONFLICT (registration_id, step)
         DO UPDATE SET draft = EXCLUDED.draft, draft_revision = registration_steps.draft_revision + 1, draft_saved_at = now()`
      : baseRevision === 0
        ? // The first save of this step: only if nobody saved it meanwhile.
          `INSERT INTO registration_steps (registration_id, step, draft, draft_revision, draft_saved_at)
           VALUES ($1, $2, $3::jsonb, 1, now())
           ON CONFLICT (registration_id, step) DO UPDATE SET draft = EXCLUDED.draft, draft_revision = 1, draft_saved_at = now()
           WHERE registration_steps.draft IS NULL`
        : `UPDATE registration_steps SET draft = $3::jsonb, draft_revision = draft_revision + 1, draft_saved_at = now()
           WHERE registration_id = $1 AND step = $2 AND draft_revision = $6::int`;
  // The registration's revision counts real changes only: a reviewer's approval goes stale when
  // the content changes, not when an autosave writes the same values again (jsonb equality
  // ignores key order). NOTE: every part of the statement sees the rows as they were before it.
  const [row] = await db.query<StepRowRecord & { registration_revision: number | null }>(
    `WITH before AS (
       SELECT draft FROM registration_steps WHERE registration_id = $1 AND step = $2
     ), saved AS (
       ${write}
       RETURNING ${STEP_ROW_COLUMNS}
     ), bumped AS (
       UPDATE registrations SET updated_at = now(), revision = revision + 1
       WHERE id = $1 AND EXISTS (SELECT 1 FROM saved) AND (SELECT draft FROM before) IS DISTINCT FROM $3::jsonb
       RETURNING revision
     ), recorded AS (
       -- Who made this revision: a person who changed the registration cannot approve it.
       INSERT INTO registration_changes (registration_id, revision, step, actor_id, actor_name)
       SELECT $1::uuid, revision, $2::smallint, $4::text, $5::text FROM bumped WHERE $4::text IS NOT NULL
     )
     SELECT saved.*, (SELECT revision FROM bumped) AS registration_revision FROM saved`,
    [registrationId, step, JSON.stringify(draft), actor?.id ?? null, actor?.name ?? null, ...(baseRevision ? [baseRevision] : [])],
  );
  if (!row) {
    const current = await getDraft(db, registrationId, step);
    return { ok: false, conflict: true, revision: current?.revision ?? 0 };
  }
  return { ok: true, revision: row.draft_revision, changed: row.registration_revision !== null, row: toStepRow(row) };
}

export async function getDraft(db: Queryable, registrationId: string, step: number): Promise<{ draft: unknown; revision: number } | undefined> {
  const [row] = await db.query<{ draft: unknown; draft_revision: number }>(
    'SELECT draft, draft_revision FROM registration_steps WHERE registration_id = $1 AND step = $2',
    [registrationId, step],
  );
  return row ? { draft: row.draft, revision: row.draft_revision } : undefined;
}

export type StepFailure = {
  message: string;
  /** When Banqup asked to be tried again (a 429's Retry-After), as an ISO time. */
  retryAt?: string;
  items: Record<string, { label: string; message: string; requestId?: string }>;
};

export type StepRow = {
  step: number;
  draft: unknown;
  draftRevision: number;
  draftSavedAt: Date | null;
  sentAt: Date | null;
  lastError: StepFailure | null;
  lastErrorAt: Date | null;
};

type StepRowRecord = {
  step: number;
  draft: unknown;
  draft_revision: number;
  draft_saved_at: Date | null;
  sent_at: Date | null;
  last_error: StepFailure | null;
  last_error_at: Date | null;
};
const STEP_ROW_COLUMNS = 'step, draft, draft_revision, draft_saved_at, sent_at, last_error, last_error_at';
const toStepRow = (row: StepRowRecord): StepRow => ({
  step: row.step,
  draft: row.draft,
  draftRevision: row.draft_revision,
  draftSavedAt: row.draft_saved_at,
  sentAt: row.sent_at,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at,
});

/** The registration's step rows, or only `step`'s (what one step's status needs). */
export async function getStepRows(db: Queryable, registrationId: string, step?: number): Promise<Map<number, StepRow>> {
  const rows = await db.query<StepRowRecord>(
    `SELECT ${STEP_ROW_COLUMNS} FROM registration_steps WHERE registration_id = $1${step === undefined ? '' : ' AND step = $2'}`,
    step === undefined ? [registrationId] : [registrationId, step],
  );
  return new Map(rows.map((row) => [row.step, toStepRow(row)]));
}

/**
 * Records the end of a send: when something was sent, and the failure to show on the step. With
 * the send's claim, it also releases it, in the same statement. Answers the step's row as it is now.
 */
export async function finishSend(
  db: Queryable,
  registrationId: string,
  step: number,
  outcome: { failure: StepFailure | null; anySent: boolean },
  claimId?: string,
): Promise<StepRow | undefined> {
  const [row] = await db.query<StepRowRecord>(
    `WITH finished AS (
       UPDATE registration_steps
       SET sent_at = CASE WHEN $3::boolean THEN now() ELSE sent_at END,
           last_error = $4::jsonb,
           last_error_at = CASE WHEN $4::jsonb IS NULL THEN NULL ELSE now() END,
           claim_id = CASE WHEN claim_id = $5::uuid THEN NULL ELSE claim_id END,
           claim_expires_at = CASE WHEN claim_id = $5::uuid THEN NULL ELSE claim_expires_at END
       WHERE registration_id = $1 AND step = $2
       RETURNING ${STEP_ROW_COLUMNS}
     ), bumped AS (
       UPDATE registrations SET updated_at = now(), revision = revision + 1 WHERE id = $1
     )
     SELECT * FROM finished`,
    [registrationId, step, outcome.anySent, outcome.failure ? JSON.stringify(outcome.failure) : null, claimId ?? null],
  );
  return row ? toStepRow(row) : undefined;
}

export async function updateIdentity(db: Queryable, registrationId: string, identity: { name: string; namespace: string; applicationId: string | null }) {
  await db.query('UPDATE registrations SET name = $2, namespace = $3, application_id = $4, updated_at = now() WHERE id = $1', [
    registrationId,
    identity.name,
    identity.namespace,
    identity.applicationId,
  ]);
}

// ---------------------------------------------------------------------------------------
// Secrets typed into the wizard: written here, read only by the send path, never returned to a page.

export async function setSecret(db: Queryable, registrationId: string, name: string, value: string | null): Promise<void> {
  if (value === null) {
    await db.query('DELETE FROM registration_secrets WHERE registration_id = $1 AND name = $2', [registrationId, name]);
    return;
  }
  await db.query(
    `INSERT INTO registration_secrets (registration_id, name, value) VALUES ($1, $2, $3)
     ON CONFLICT (registration_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [registrationId, name, value],
  );
}

export async function getSecret(db: Queryable, registrationId: string, name: string): Promise<string | undefined> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM registration_secrets WHERE registration_id = $1 AND name = $2', [registrationId, name]);
  return row?.value;
}

/** Whether a secret is saved, and its length: all a page may know of it. */
export async function describeSecret(db: Queryable, registrationId: string, name: string): Promise<{ saved: boolean; length: number }> {
  const [row] = await db.query<{ length: number }>('SELECT length(value)::int AS length FROM registration_secrets WHERE registration_id = $1 AND name = $2', [
    registrationId,
    name,
  ]);
  return { saved: row !== undefined, length: row?.length ?? 0 };
}

// ---------------------------------------------------------------------------------------
// Uploaded files.

export type AssetMeta = {
  id: string;
  registrationId: string;
  kind: 'logo' | 'media';
  fileName: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  sha256: string;
  createdAt: Date;
};

/** What the browser is shown of an asset (previews, the step forms, the summary). */
export type AssetView = Pick<AssetMeta, 'id' | 'kind' | 'fileName' | 'contentType' | 'byteSize' | 'width' | 'height'>;

export const assetView = ({ id, kind, fileName, contentType, byteSize, width, height }: AssetMeta): AssetView => ({
  id,
  kind,
  fileName,
  contentType,
  byteSize,
  width,
  height,
});

type AssetRow = {
  id: string;
  registration_id: string;
  kind: 'logo' | 'media';
  file_name: string;
  content_type: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  created_at: Date;
};

const toAsset = (row: AssetRow): AssetMeta => ({
  id: row.id,
  registrationId: row.registration_id,
  kind: row.kind,
  fileName: row.file_name,
  contentType: row.content_type,
  byteSize: row.byte_size,
  width: row.width,
  height: row.height,
  sha256: row.sha256,
  createdAt: row.created_at,
});

const ASSET_COLUMNS = 'id, registration_id, kind, file_name, content_type, byte_size, width, height, sha256, created_at';

/**
 * Stores a file and its metadata in one transaction, the bytes as rows of at most CHUNK_BYTES
 * (one INSERT each: no statement carries more than that), so a failure leaves no half file.
 */
export async function insertAsset(db: Pick<Db, 'transaction'>, asset: Omit<AssetMeta, 'id' | 'createdAt'> & { bytes: Uint8Array }): Promise<AssetMeta> {
  if (asset.byteSize !== asset.bytes.byteLength) throw new Error(`byteSize ${asset.byteSize} is not the file's ${asset.bytes.byteLength} bytes`);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<AssetRow>(
      `INSERT INTO assets (id, registration_id, kind, file_name, content_type, byte_size, width, height, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ASSET_COLUMNS}`,
      [randomUUID(), asset.registrationId, asset.kind, asset.fileName, asset.contentType, asset.byteSize, asset.width, asset.height, asset.sha256],
    );
    if (!row) throw new Error('insert returned nothing');
    for (const [seq, chunk] of splitChunks(asset.bytes).entries()) {
      await tx.query(`INSERT INTO asset_chunks (asset_id, seq, bytes) VALUES ($1, $2, ${BYTES_FROM_PARAMETER('$3')})`, [row.id, seq, bytesParameter(chunk)]);
    }
    return toAsset(row);
  });
}

export async function listAssets(db: Queryable, registrationId: string): Promise<AssetMeta[]> {
  return (await db.query<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE registration_id = $1 ORDER BY created_at`, [registrationId])).map(toAsset);
}

/** A file with its bytes, put back together from its chunks. */
export async function getAssetBytes(db: Queryable, assetId: string): Promise<(AssetMeta & { bytes: Uint8Array }) | undefined> {
  // One statement, so the metadata and the chunks come from the same snapshot.
  const rows = await db.query<AssetRow & { chunk: string | null }>(
    `SELECT ${ASSET_COLUMNS.split(', ').map((column) => `a.${column}`).join(', ')}, ${BYTES_AS_TEXT('c.bytes')} AS chunk
     FROM assets AS a LEFT JOIN asset_chunks AS c ON c.asset_id = a.id
     WHERE a.id = $1 ORDER BY c.seq`,
    [assetId],
  );
  const [first] = rows;
  if (!first) return undefined;
  const chunks = rows.flatMap((row) => (row.chunk !== null ? [bytesFromText(row.chunk)] : []));
  return { ...toAsset(first), bytes: joinChunks(chunks, first.byte_size) };
}
