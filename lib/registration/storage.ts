import 'server-only';
import type { Db, Queryable } from '@/lib/db/db';
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
const UNUSED_ASSETS = `
  SELECT a.id FROM assets a
  WHERE a.registration_id = $1
    AND a.created_at < now() - make_interval(secs => $2)
    -- Nor while the logo or media step was saved within the grace period: another tab may
    -- still hold a draft that uses the file, and save it again ("keep mine").
    AND NOT EXISTS (
      SELECT 1 FROM registration_steps r
      WHERE r.registration_id = a.registration_id AND r.step IN (3, 4) AND r.draft_saved_at > now() - make_interval(secs => $2))
    AND NOT EXISTS (
      SELECT 1 FROM registration_steps s
      WHERE s.registration_id = a.registration_id AND s.step IN (3, 4) AND s.draft IS NOT NULL
        AND (s.draft->>'logoAssetId' = a.id::text
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s.draft->'media') = 'array' THEN s.draft->'media' ELSE '[]'::jsonb END) m
                        WHERE m->>'assetId' = a.id::text)))
    AND NOT EXISTS (
      SELECT 1 FROM ledger_items l
      WHERE l.registration_id = a.registration_id AND l.step IN (3, 4) AND l.match->>'sha256' = a.sha256
        AND l.outcome IN ('accepted', 'unknown', 'sending'))`;

/** Deletes a registration's unused files (their chunks go with them); returns how many. */
export async function deleteUnusedAssets(db: Queryable, registrationId: string, graceSeconds = UNUSED_GRACE_SECONDS): Promise<number> {
  const rows = await db.query(`DELETE FROM assets WHERE id IN (${UNUSED_ASSETS}) RETURNING id`, [registrationId, graceSeconds]);
  return rows.length;
}

export async function storedBytes(db: Queryable, registrationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT coalesce(sum(byte_size), 0)::bigint AS n FROM assets WHERE registration_id = $1', [registrationId]);
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
