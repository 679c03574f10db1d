import 'server-only';
import { randomUUID } from 'node:crypto';
import { joinChunks } from '@/lib/bytes';
import { sql, type InferResult, type Selectable } from 'kysely';
import { bytesAsText, bytesFromText, bytesValue, splitChunks } from '@/lib/db/chunks';
import type { Db, Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { RegistrationStepsTable } from '@/lib/db/schema';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '@/lib/registration/statuses';

/** A registration as the list and the pages show it (the reviewer's view of one is lib/registration/summary.ts). */
export type RegistrationRecord = {
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

/**
 * A registration as the list and the pages show it: its row, and what is counted or looked up
 * beside it (its next version, its steps sent, its open comments).
 */
const records = (db: Queryable) =>
  typed(db)
    .selectFrom('registrations as r')
    .select((eb) => [
      'r.id',
      'r.name',
      'r.namespace',
      'r.application_id as applicationId',
      'r.status',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
      'r.reopen_acknowledged_by as reopenAcknowledgedBy',
      'r.archived_at as archivedAt',
      'r.archived_by as archivedBy',
      'r.previous_registration_id as previousRegistrationId',
      eb
        .selectFrom('registrations as n')
        .select('n.id')
        .whereRef('n.previous_registration_id', '=', 'r.id')
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id')
        .limit(1)
        .as('nextRegistrationId'),
      eb
        .selectFrom('registration_steps as s')
        .select((count) => count.cast<number>(count.fn.countAll(), 'integer').as('n'))
        .whereRef('s.registration_id', '=', 'r.id')
        .where('s.sent_at', 'is not', null)
        .as('stepsSent'),
      eb
        .selectFrom('review_comments as c')
        // No builder for ORDER BY inside an aggregate.
        .select(({ ref }) => sql<number[] | null>`array_agg(${ref('c.step')}::int ORDER BY ${ref('c.step')})`.as('steps'))
        .whereRef('c.registration_id', '=', 'r.id')
        .where('c.resolved_at', 'is', null)
        .as('openCommentSteps'),
    ]);

/** A count is never NULL, a list of no comments is (array_agg of no rows). */
const toRecord = (row: InferResult<ReturnType<typeof records>>[number]): RegistrationRecord => ({
  ...row,
  stepsSent: row.stepsSent ?? 0,
  openCommentSteps: (row.openCommentSteps ?? []).map(Number),
});

export async function createRegistration(db: Queryable): Promise<string> {
  const id = randomUUID();
  await typed(db).insertInto('registrations').values({ id }).execute();
  return id;
}

/** Statuses in which the registration is with Banqup: changing it is acknowledged first. */
export const SUBMITTED_STATUSES: ReadonlySet<RegistrationStatus> = new Set(['submitted', 'approved', 'published']);

/** Records that `actorId` acknowledged that changing this submitted registration reopens it. */
export async function acknowledgeReopen(db: Queryable, registrationId: string, actorId: string): Promise<void> {
  await typed(db).updateTable('registrations').set({ reopen_acknowledged_by: actorId }).where('id', '=', registrationId).execute();
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
): Promise<{ rows: RegistrationRecord[]; hasMore: boolean }> {
  const search = filter.search?.trim();
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const status = filter.status;
  // A status the app does not know has no registration.
  if (status !== undefined && !isStatus(status)) return { rows: [], hasMore: false };
  let query = records(db).where('r.archived_at', filter.archived === true ? 'is not' : 'is', null);
  if (status !== undefined) query = query.where('r.status', '=', status);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('r.name', 'ilike', pattern), eb('r.namespace', 'ilike', pattern)]));
  }
  const rows = await query
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.id')
    .limit(REGISTRATIONS_PAGE + 1)
    .offset((page - 1) * REGISTRATIONS_PAGE)
    .execute();
  return { rows: rows.slice(0, REGISTRATIONS_PAGE).map(toRecord), hasMore: rows.length > REGISTRATIONS_PAGE };
}

const isStatus = (status: string): status is RegistrationStatus => (REGISTRATION_STATUSES as readonly string[]).includes(status);

/** Registrations in the default list by status, and how many are archived (of any status). */
export async function countByStatus(db: Queryable): Promise<{ byStatus: Record<string, number>; archived: number }> {
  const rows = await typed(db)
    .selectFrom('registrations')
    .select((eb) => ['status', eb('archived_at', 'is not', null).as('archived'), eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
    .groupBy((eb) => ['status', eb('archived_at', 'is not', null)])
    .execute();
  return {
    byStatus: Object.fromEntries(rows.filter((row) => !row.archived).map((row) => [row.status, row.n])),
    archived: rows.filter((row) => row.archived).reduce((sum, row) => sum + row.n, 0),
  };
}

/** Archives a registration (no-op when it already is): true when this call archived it. */
export async function archiveRegistration(db: Queryable, id: string, actor: Actor): Promise<boolean> {
  const rows = await typed(db)
    .updateTable('registrations')
    .set({ archived_at: sql<Date>`now()`, archived_by: actor.name })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Restores an archived registration to the list, as it was: true when this call restored it. */
export async function restoreRegistration(db: Queryable, id: string): Promise<boolean> {
  const rows = await typed(db)
    .updateTable('registrations')
    .set({ archived_at: null, archived_by: null })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** What a change of an archived registration is answered with, on the server (actions, routes). */
export const ARCHIVED_MESSAGE = 'This registration is archived: it is read-only. Restore it from the registrations list (Archived) to change it.';

/** The refusal for a change of `id` when it is archived (or gone), else undefined. */
export async function archivedRefusal(db: Queryable, id: string): Promise<string | undefined> {
  const row = await typed(db)
    .selectFrom('registrations')
    .select((eb) => eb('archived_at', 'is not', null).as('archived'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return 'This registration does not exist (any more).';
  return row.archived ? ARCHIVED_MESSAGE : undefined;
}

export async function getRegistration(db: Queryable, id: string): Promise<RegistrationRecord | undefined> {
  const row = await records(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** A person acting: the signed-in identity's stable id and the name the pages show. */
export type Actor = { id: string; name: string };

/**
 * One attempt of a call to Banqup as the journal keeps it (the API client hands it over after
 * every attempt, already redacted).
 */
export type ApiCallRecord = {
  method: string;
  path: string;
  request: unknown;
  status: number | null;
  response: unknown;
  error: string | null;
  requestId: string | null;
  durationMs: number;
  attempt: number;
};

/** Writes one attempt of a Banqup call to the journal (already redacted by the client). */
export async function recordApiCall(
  db: Queryable,
  entry: ApiCallRecord & { registrationId: string | null; step: number | null; itemKey?: string | null; actor?: Actor },
): Promise<void> {
  await typed(db)
    .insertInto('api_calls')
    .values({
      registration_id: entry.registrationId,
      step: entry.step,
      item_key: entry.itemKey ?? null,
      method: entry.method,
      path: entry.path,
      request: JSON.stringify(entry.request ?? null),
      status: entry.status,
      response: JSON.stringify(entry.response ?? null),
      error: entry.error,
      request_id: entry.requestId,
      duration_ms: entry.durationMs,
      attempt: entry.attempt,
      actor: entry.actor?.name ?? null,
    })
    .execute();
}

export type JournalEntry = ApiCallRecord & { id: number; step: number | null; itemKey: string | null; actor: string | null; createdAt: Date };

/** The journal's page size on the summary: the newest calls, then "older" (the export has them all). */
export const JOURNAL_PAGE = 50;

export async function countApiCalls(db: Queryable, registrationId: string): Promise<number> {
  const row = await typed(db)
    .selectFrom('api_calls')
    .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
    .where('registration_id', '=', registrationId)
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** The journal, newest first: all of it, or `limit` entries older than the entry `before`. */
export async function listApiCalls(db: Queryable, registrationId: string, page: { limit?: number; before?: number } = {}): Promise<JournalEntry[]> {
  let query = typed(db)
    .selectFrom('api_calls')
    .select([
      'id',
      'step',
      'item_key as itemKey',
      'method',
      'path',
      'request',
      'status',
      'response',
      'error',
      'request_id as requestId',
      'duration_ms as durationMs',
      'attempt',
      'actor',
      'created_at as createdAt',
    ])
    .where('registration_id', '=', registrationId);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.orderBy('id', 'desc').execute();
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
  const q = typed(db);
  const json = JSON.stringify(draft);
  const now = sql<Date>`now()`;
  const where = { registration_id: registrationId, step } as const;
  // The registration's revision counts real changes only: a reviewer's approval goes stale when
  // the content changes, not when an autosave writes the same values again (jsonb equality
  // ignores key order). NOTE: every part of the statement sees the rows as they were before it.
  const row = await q
    .with('before', (cte) => cte.selectFrom('registration_steps').select('draft').where('registration_id', '=', registrationId).where('step', '=', step))
    .with('saved', (cte) =>
      baseRevision === undefined || baseRevision === 0
        ? cte
            .insertInto('registration_steps')
            .values({ ...where, draft: json, draft_revision: 1, draft_saved_at: now })
            .onConflict((conflict) => {
              const columns = conflict.columns(['registration_id', 'step']);
              return baseRevision === undefined
                ? columns.doUpdateSet((eb) => ({ draft: eb.ref('excluded.draft'), draft_revision: eb('registration_steps.draft_revision', '+', 1), draft_saved_at: now }))
                : // The first save of this step: only if nobody saved it meanwhile.
                  columns.doUpdateSet((eb) => ({ draft: eb.ref('excluded.draft'), draft_revision: 1, draft_saved_at: now })).where('registration_steps.draft', 'is', null);
            })
            .returning(STEP_ROW_COLUMNS)
        : cte
            .updateTable('registration_steps')
            .set((eb) => ({ draft: json, draft_revision: eb('draft_revision', '+', 1), draft_saved_at: now }))
            .where('registration_id', '=', registrationId)
            .where('step', '=', step)
            .where('draft_revision', '=', baseRevision)
            .returning(STEP_ROW_COLUMNS),
    )
    .with('bumped', (cte) =>
      cte
        .updateTable('registrations')
        .set((eb) => ({ updated_at: now, revision: eb('revision', '+', 1) }))
        .where('id', '=', registrationId)
        .where(({ exists, selectFrom }) => exists(selectFrom('saved').select(sql.lit(1).as('one'))))
        .where(({ eb, selectFrom }) => eb(selectFrom('before').select('draft'), 'is distinct from', sql<unknown>`${json}::jsonb`))
        .returning('revision'),
    )
    // Who made this revision (when the save names someone): a person who changed the
    // registration cannot approve it.
    .with('recorded', (cte) =>
      cte
        .insertInto('registration_changes')
        .columns(['registration_id', 'revision', 'step', 'actor_id', 'actor_name'])
        .expression((eb) =>
          eb
            .selectFrom('bumped')
            .select([eb.val(registrationId).as('registration_id'), 'revision', eb.val(step).as('step'), eb.val(actor?.id ?? null).as('actor_id'), eb.val(actor?.name ?? null).as('actor_name')])
            .where(sql.lit(actor !== undefined)),
        ),
    )
    .selectFrom('saved')
    .selectAll('saved')
    .select(({ selectFrom }) => selectFrom('bumped').select('revision').as('registration_revision'))
    .executeTakeFirst();
  if (!row) {
    const current = await getDraft(db, registrationId, step);
    return { ok: false, conflict: true, revision: current?.revision ?? 0 };
  }
  return { ok: true, revision: row.draft_revision, changed: row.registration_revision !== null, row: toStepRow(row) };
}

export async function getDraft(db: Queryable, registrationId: string, step: number): Promise<{ draft: unknown; revision: number } | undefined> {
  const row = await typed(db)
    .selectFrom('registration_steps')
    .select(['draft', 'draft_revision'])
    .where('registration_id', '=', registrationId)
    .where('step', '=', step)
    .executeTakeFirst();
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

const STEP_ROW_COLUMNS = ['step', 'draft', 'draft_revision', 'draft_saved_at', 'sent_at', 'last_error', 'last_error_at'] as const;
type StepRowRecord = Pick<Selectable<RegistrationStepsTable>, (typeof STEP_ROW_COLUMNS)[number]>;
/** last_error is jsonb: what finishSend wrote, a StepFailure. */
const toStepRow = (row: StepRowRecord): StepRow => ({
  step: row.step,
  draft: row.draft,
  draftRevision: row.draft_revision,
  draftSavedAt: row.draft_saved_at,
  sentAt: row.sent_at,
  lastError: row.last_error as StepFailure | null,
  lastErrorAt: row.last_error_at,
});

/** The registration's step rows, or only `step`'s (what one step's status needs). */
export async function getStepRows(db: Queryable, registrationId: string, step?: number): Promise<Map<number, StepRow>> {
  let query = typed(db).selectFrom('registration_steps').select(STEP_ROW_COLUMNS).where('registration_id', '=', registrationId);
  if (step !== undefined) query = query.where('step', '=', step);
  const rows = await query.execute();
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
  const now = sql<Date>`now()`;
  const row = await typed(db)
    .with('finished', (cte) =>
      cte
        .updateTable('registration_steps')
        .set((eb) => ({
          ...(outcome.anySent ? { sent_at: now } : {}),
          last_error: outcome.failure ? JSON.stringify(outcome.failure) : null,
          last_error_at: outcome.failure ? now : null,
          // The send's claim, released in the same statement (only if it still holds the step).
          ...(claimId === undefined
            ? {}
            : {
                claim_id: eb.case().when('claim_id', '=', claimId).then(sql<string | null>`NULL`).else(eb.ref('claim_id')).end(),
                claim_expires_at: eb.case().when('claim_id', '=', claimId).then(sql<Date | null>`NULL`).else(eb.ref('claim_expires_at')).end(),
              }),
        }))
        .where('registration_id', '=', registrationId)
        .where('step', '=', step)
        .returning(STEP_ROW_COLUMNS),
    )
    .with('bumped', (cte) =>
      cte
        .updateTable('registrations')
        .set((eb) => ({ updated_at: now, revision: eb('revision', '+', 1) }))
        .where('id', '=', registrationId),
    )
    .selectFrom('finished')
    .selectAll()
    .executeTakeFirst();
  return row ? toStepRow(row) : undefined;
}

export async function updateIdentity(db: Queryable, registrationId: string, identity: { name: string; namespace: string; applicationId: string | null }) {
  await typed(db)
    .updateTable('registrations')
    .set({ name: identity.name, namespace: identity.namespace, application_id: identity.applicationId, updated_at: sql<Date>`now()` })
    .where('id', '=', registrationId)
    .execute();
}

// ---------------------------------------------------------------------------------------
// Secrets typed into the wizard: written here, read only by the send path, never returned to a page.

export async function setSecret(db: Queryable, registrationId: string, name: string, value: string | null): Promise<void> {
  if (value === null) {
    await typed(db).deleteFrom('registration_secrets').where('registration_id', '=', registrationId).where('name', '=', name).execute();
    return;
  }
  await typed(db)
    .insertInto('registration_secrets')
    .values({ registration_id: registrationId, name, value })
    .onConflict((conflict) => conflict.columns(['registration_id', 'name']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: sql<Date>`now()` })))
    .execute();
}

export async function getSecret(db: Queryable, registrationId: string, name: string): Promise<string | undefined> {
  const row = await typed(db).selectFrom('registration_secrets').select('value').where('registration_id', '=', registrationId).where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Whether a secret is saved, and its length: all a page may know of it. */
export async function describeSecret(db: Queryable, registrationId: string, name: string): Promise<{ saved: boolean; length: number }> {
  const row = await typed(db)
    .selectFrom('registration_secrets')
    .select((eb) => eb.fn<number>('length', ['value']).as('length'))
    .where('registration_id', '=', registrationId)
    .where('name', '=', name)
    .executeTakeFirst();
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

/** An asset's columns, read as an AssetMeta. */
const ASSET = [
  'id',
  'registration_id as registrationId',
  'kind',
  'file_name as fileName',
  'content_type as contentType',
  'byte_size as byteSize',
  'width',
  'height',
  'sha256',
  'created_at as createdAt',
] as const;

/**
 * Stores a file and its metadata in one transaction, the bytes as rows of at most CHUNK_BYTES
 * (one INSERT each: no statement carries more than that), so a failure leaves no half file.
 */
export async function insertAsset(db: Pick<Db, 'transaction'>, asset: Omit<AssetMeta, 'id' | 'createdAt'> & { bytes: Uint8Array }): Promise<AssetMeta> {
  if (asset.byteSize !== asset.bytes.byteLength) throw new Error(`byteSize ${asset.byteSize} is not the file's ${asset.bytes.byteLength} bytes`);
  return db.transaction(async (tx) => {
    const q = typed(tx);
    const stored = await q
      .insertInto('assets')
      .values({
        id: randomUUID(),
        registration_id: asset.registrationId,
        kind: asset.kind,
        file_name: asset.fileName,
        content_type: asset.contentType,
        byte_size: asset.byteSize,
        width: asset.width,
        height: asset.height,
        sha256: asset.sha256,
      })
      .returning(ASSET)
      .executeTakeFirstOrThrow(() => new Error('insert returned nothing'));
    for (const [seq, chunk] of splitChunks(asset.bytes).entries()) {
      await q.insertInto('asset_chunks').values({ asset_id: stored.id, seq, bytes: bytesValue(chunk) }).execute();
    }
    return stored;
  });
}

export async function listAssets(db: Queryable, registrationId: string): Promise<AssetMeta[]> {
  return typed(db).selectFrom('assets').select(ASSET).where('registration_id', '=', registrationId).orderBy('created_at').execute();
}

/** A file with its bytes, put back together from its chunks. */
export async function getAssetBytes(db: Queryable, assetId: string): Promise<(AssetMeta & { bytes: Uint8Array }) | undefined> {
  // One statement, so the metadata and the chunks come from the same snapshot.
  const rows = await typed(db)
    .selectFrom('assets')
    .leftJoin('asset_chunks', 'asset_chunks.asset_id', 'assets.id')
    .select(ASSET.map((column) => `assets.${column}` as const))
    .select((eb) => bytesAsText(eb.ref('asset_chunks.bytes')).as('chunk'))
    .where('assets.id', '=', assetId)
    .orderBy('asset_chunks.seq')
    .execute();
  const [first] = rows;
  if (!first) return undefined;
  const chunks = rows.flatMap((row) => (row.chunk !== null ? [bytesFromText(row.chunk)] : []));
  const { chunk: _chunk, ...meta } = first;
  return { ...meta, bytes: joinChunks(chunks, first.byteSize) };
}
