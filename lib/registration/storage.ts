import { FILE_STEPS } from '@/lib/wizard/steps';
import 'server-only';
import { sql } from 'kysely';
import type { Db, Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import { takeRateSlots } from '@/lib/db/rate-limits';

/**
 * Keeping uploaded files in bounds: a quota per registration, files nobody uses any more
 * deleted, and uploads rate-limited per client.
 */

/** Bytes of files one registration may keep (STORAGE_QUOTA_MB, default 50 MB). */
export const DEFAULT_QUOTA_BYTES = 50 * 1024 * 1024;
/**
 * A file not (yet) in any draft is kept this long: an upload is put into its step's draft by
 * the autosave a moment later, and a draft may be reloaded from another tab meanwhile.
 */
export const UNUSED_GRACE_SECONDS = 10 * 60;

/**
 * The files of a registration that nothing uses: not in the logo or media step's draft, and
 * not (by content) an item the ledger says was sent to Banqup, so what Banqup holds stays
 * shown. Uploaded more than `graceSeconds` ago, with no save of those steps since.
 */
function unusedAssets(db: Queryable, registrationId: string, graceSeconds: number) {
  const graceStart = sql<Date>`now() - make_interval(secs => ${graceSeconds})`;
  return typed(db)
    .selectFrom('assets as a')
    .select('a.id')
    .where('a.registration_id', '=', registrationId)
    .where('a.created_at', '<', graceStart)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          // Nor while the logo or media step was saved within the grace period: another tab may
          // still hold a draft that uses the file, and save it again ("keep mine").
          selectFrom('registration_steps as r')
            .select(sql.lit(1).as('one'))
            .whereRef('r.registration_id', '=', 'a.registration_id')
            .where('r.step', 'in', FILE_STEPS)
            .where('r.draft_saved_at', '>', graceStart),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('registration_steps as s')
            .select(sql.lit(1).as('one'))
            .whereRef('s.registration_id', '=', 'a.registration_id')
            .where('s.step', 'in', FILE_STEPS)
            .where('s.draft', 'is not', null)
            // The draft is JSON of any shape: read with jsonb operators (no builder types them).
            .where(
              ({ ref }) => sql<boolean>`(${ref('s.draft')}->>'logoAssetId' = ${ref('a.id')}::text
                OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${ref('s.draft')}->'media') = 'array' THEN ${ref('s.draft')}->'media' ELSE '[]'::jsonb END) m
                           WHERE m->>'assetId' = ${ref('a.id')}::text))`,
            ),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_items as l')
            .select(sql.lit(1).as('one'))
            .whereRef('l.registration_id', '=', 'a.registration_id')
            .where('l.step', 'in', FILE_STEPS)
            .where(({ eb, ref }) => eb(ref('l.match', '->>').key('sha256'), '=', ref('a.sha256')))
            .where('l.outcome', 'in', ['accepted', 'unknown', 'sending']),
        ),
      ),
    );
}

/** Deletes a registration's unused files (their chunks go with them); returns how many. */
export async function deleteUnusedAssets(db: Queryable, registrationId: string, graceSeconds = UNUSED_GRACE_SECONDS): Promise<number> {
  const rows = await typed(db).deleteFrom('assets').where('id', 'in', unusedAssets(db, registrationId, graceSeconds)).returning('id').execute();
  return rows.length;
}

export async function storedBytes(db: Queryable, registrationId: string): Promise<number> {
  const row = await typed(db)
    .selectFrom('assets')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('byte_size'), eb.lit(0)).as('n'))
    .where('registration_id', '=', registrationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type QuotaCheck = { ok: true } | { ok: false; message: string };

/**
 * Whether `incoming` more bytes fit the registration's quota, after deleting the files it no
 * longer uses (past their grace period).
 */
export async function checkQuota(db: Queryable, registrationId: string, incoming: number, quotaBytes = DEFAULT_QUOTA_BYTES): Promise<QuotaCheck> {
  await deleteUnusedAssets(db, registrationId);
  const used = await storedBytes(db, registrationId);
  if (used + incoming <= quotaBytes) return { ok: true };
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return {
    ok: false,
    message: `This registration already keeps ${mb(used)} of files, and this one (${mb(incoming)}) would pass its limit of ${mb(quotaBytes)}. Remove images you no longer use from the logo and media steps (they are deleted ${UNUSED_GRACE_SECONDS / 60} minutes later), or ask whoever runs the wizard to raise STORAGE_QUOTA_MB.`,
  };
}

// ---------------------------------------------------------------------------------------
// Uploads per client and per registration, counted in the database: every replica sharing it
// counts the same uploads (lib/db/rate-limits.ts).

/** The default of UPLOADS_PER_MINUTE. */
export const UPLOADS_PER_MINUTE = 30;

/**
 * Takes one upload for the client and one for the registration, or neither: refused (with how
 * long to wait, in ms) when either already made `limit` uploads in the last minute.
 */
export async function takeUploadSlot(
  db: Db,
  who: { client: string; registrationId: string },
  limit = UPLOADS_PER_MINUTE,
  now?: Date,
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const result = await takeRateSlots(db, [`upload:client:${who.client}`, `upload:registration:${who.registrationId}`], { limit, windowMs: 60_000, now });
  return result.ok ? result : { ok: false, retryAfterMs: result.retryAfterMs };
}
