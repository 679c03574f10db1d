import { sql } from 'kysely';
import type { Db } from './db';
import { typed } from './kysely';

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
  const windowSeconds = windowMs / 1000;
  return db.transaction(async (tx) => {
    const q = typed(tx);
    // NOTE: counting and then inserting is a read-then-write: two replicas taking the last event
    // of a bucket at once would both see room. A transaction-scoped advisory lock per bucket,
    // taken in sorted order (two requests sharing buckets cannot deadlock), makes them take
    // turns; PGlite runs one transaction at a time and takes the same locks.
    for (const key of keys) await sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE}::int, hashtext(${key}::text))`.execute(q);
    const clock = await q.selectNoFrom(sql<Date>`coalesce(${options.now ?? null}::timestamptz, clock_timestamp())`.as('now')).executeTakeFirst();
    const now = clock?.now ?? new Date();
    const before = (seconds: number) => sql<Date>`${now}::timestamptz - make_interval(secs => ${seconds})`;
    // Old events leave: this bucket's beyond its window, anyone's beyond the longest window.
    await q
      .deleteFrom('rate_limit_hits')
      .where((eb) => eb.or([eb.and([eb('bucket', 'in', keys), eb('at', '<=', before(windowSeconds))]), eb('at', '<=', before(MAX_WINDOW_MS / 1000))]))
      .execute();
    const counts = await q
      .selectFrom('rate_limit_hits')
      .select((eb) => ['bucket', eb.cast<number>(eb.fn.countAll(), 'integer').as('n'), eb.fn.min('at').as('oldest')])
      .where('bucket', 'in', keys)
      .where('at', '>', before(windowSeconds))
      .groupBy('bucket')
      .execute();
    const full = counts
      .filter((row) => row.n >= options.limit)
      .map((row) => ({ bucket: row.bucket, retryAfterMs: Math.max(1, row.oldest.getTime() + windowMs - now.getTime()) }))
      .sort((a, b) => b.retryAfterMs - a.retryAfterMs);
    if (full[0]) return { ok: false, ...full[0] };
    await q
      .insertInto('rate_limit_hits')
      .values(keys.map((bucket) => ({ bucket, at: now })))
      .execute();
    return { ok: true };
  });
}
