import type { Db } from './db';

/**
 * Rate limits kept in the database (table rate_limit_hits, migration 0011), so that every
 * replica sharing a PostgreSQL counts the same events: with a count per process, N replicas
 * behind a round-robin proxy would let a client through N times the limit.
 *
 * A sliding window: one row per event taken, and a bucket is full when it holds `limit` events
 * younger than `windowMs`. Times are the database's clock, one clock for every replica.
 */

export type RateLimitResult = { ok: true } | { ok: false; bucket: string; retryAfterMs: number };

/** The longest window a caller may use: rows older than this are deleted whatever their bucket. */
export const MAX_WINDOW_MS = 60 * 60 * 1000;

/** The first key of the advisory locks taken per bucket (the second is the bucket's hash). */
const LOCK_SPACE = 7340112;

/**
 * Takes one event in every bucket, or in none: refused when any of them already holds `limit`
 * events within the last `windowMs` (then `retryAfterMs` says when its oldest one leaves the
 * window). `now` is for tests; the database's clock otherwise.
 */
export async function takeRateSlots(
  db: Db,
  buckets: readonly string[],
  options: { limit: number; windowMs?: number; now?: Date },
): Promise<RateLimitResult> {
  const windowMs = options.windowMs ?? 60_000;
  if (!(windowMs > 0 && windowMs <= MAX_WINDOW_MS)) throw new RangeError(`windowMs must be within (0, ${MAX_WINDOW_MS}]`);
  const keys = [...new Set(buckets)].sort();
  if (keys.length === 0) return { ok: true };
  const keysJson = JSON.stringify(keys);
  const windowSeconds = windowMs / 1000;
  return db.transaction(async (tx) => {
    // NOTE: counting and then inserting is a read-then-write: two replicas taking the last event
    // of a bucket at once would both see room. A transaction-scoped advisory lock per bucket,
    // taken in sorted order (two requests sharing buckets cannot deadlock), makes them take
    // turns; PGlite runs one transaction at a time and takes the same locks.
    for (const key of keys) await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))', [LOCK_SPACE, key]);
    const [clock] = await tx.query<{ now: Date }>('SELECT coalesce($1::timestamptz, clock_timestamp()) AS now', [options.now ?? null]);
    const now = clock?.now ?? new Date();
    // Old events leave: this bucket's beyond its window, anyone's beyond the longest window.
    await tx.query(
      `DELETE FROM rate_limit_hits
       WHERE (bucket IN (SELECT json_array_elements_text($1::json)) AND at <= $2::timestamptz - make_interval(secs => $3))
          OR at <= $2::timestamptz - make_interval(secs => $4)`,
      [keysJson, now, windowSeconds, MAX_WINDOW_MS / 1000],
    );
    const counts = await tx.query<{ bucket: string; n: number; oldest: Date }>(
      `SELECT bucket, count(*)::int AS n, min(at) AS oldest FROM rate_limit_hits
       WHERE bucket IN (SELECT json_array_elements_text($1::json)) AND at > $2::timestamptz - make_interval(secs => $3)
       GROUP BY bucket`,
      [keysJson, now, windowSeconds],
    );
    const full = counts
      .filter((row) => row.n >= options.limit)
      .map((row) => ({ bucket: row.bucket, retryAfterMs: Math.max(1, row.oldest.getTime() + windowMs - now.getTime()) }))
      .sort((a, b) => b.retryAfterMs - a.retryAfterMs);
    if (full[0]) return { ok: false, ...full[0] };
    await tx.query('INSERT INTO rate_limit_hits (bucket, at) SELECT value, $2::timestamptz FROM json_array_elements_text($1::json)', [keysJson, now]);
    return { ok: true };
  });
}
