import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openSharedTestDbs } from '@/test/databases';
import type { Db } from './db';
import { MAX_WINDOW_MS, takeRateSlots } from './rate-limits';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describe.each(DRIVERS)('rate limits in the database on $name', ({ name, available }) => {
  // Two handles on one database: two replicas (separate pools on PostgreSQL).
  let replicaA: Db;
  let replicaB: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (!available) return;
    const shared = await openSharedTestDbs(name, 2);
    [replicaA, replicaB] = shared.handles as [Db, Db];
    close = shared.close;
  });
  afterAll(async () => {
    if (available) await close();
  });

  const count = async (db: Db, bucket: string) => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limit_hits WHERE bucket = $1', [bucket]))[0]?.n);

  it.skipIf(!available)('a sliding window per bucket: the limit, then how long until the oldest event leaves it', async () => {
    const bucket = `${name}:sliding`;
    for (let i = 0; i < 3; i++) expect(await takeRateSlots(replicaA, [bucket], { limit: 3, windowMs: 10_000, now: at(i * 1_000) })).toEqual({ ok: true });
    expect(await takeRateSlots(replicaA, [bucket], { limit: 3, windowMs: 10_000, now: at(4_000) })).toEqual({ ok: false, bucket, retryAfterMs: 6_000 });
    // The first event (at 0) leaves the window at 10 s: one more fits, then it is full again.
    expect(await takeRateSlots(replicaA, [bucket], { limit: 3, windowMs: 10_000, now: at(10_000) })).toEqual({ ok: true });
    expect(await takeRateSlots(replicaA, [bucket], { limit: 3, windowMs: 10_000, now: at(10_500) })).toEqual({ ok: false, bucket, retryAfterMs: 500 });
    expect(await takeRateSlots(replicaA, [`${bucket}:other`], { limit: 3, windowMs: 10_000, now: at(10_500) })).toEqual({ ok: true });
  });

  it.skipIf(!available)('replicas share the count: events taken through one handle fill the bucket for the other', async () => {
    const bucket = `${name}:shared`;
    expect(await takeRateSlots(replicaA, [bucket], { limit: 2, now: at(0) })).toEqual({ ok: true });
    expect(await takeRateSlots(replicaB, [bucket], { limit: 2, now: at(1) })).toEqual({ ok: true });
    expect(await takeRateSlots(replicaA, [bucket], { limit: 2, now: at(2) })).toMatchObject({ ok: false });
    expect(await takeRateSlots(replicaB, [bucket], { limit: 2, now: at(3) })).toMatchObject({ ok: false });
  });

  it.skipIf(!available)('several buckets: all or nothing, and the refusal names the bucket that is full', async () => {
    const client = `${name}:client`;
    const registration = `${name}:registration`;
    expect(await takeRateSlots(replicaA, [registration], { limit: 1, now: at(0) })).toEqual({ ok: true });
    expect(await takeRateSlots(replicaA, [client, registration], { limit: 1, now: at(10) })).toEqual({ ok: false, bucket: registration, retryAfterMs: 59_990 });
    expect(await count(replicaA, client)).toBe(0); // the client's bucket was not charged for the refusal
    expect(await takeRateSlots(replicaA, [client, `${registration}:2`], { limit: 1, now: at(20) })).toEqual({ ok: true });
  });

  it.skipIf(!available)('many requests at once through two replicas: exactly the limit gets through', async () => {
    const bucket = `${name}:burst`;
    const attempts = Array.from({ length: 40 }, (_, i) => takeRateSlots(i % 2 ? replicaB : replicaA, [bucket, `${bucket}:client-${i % 4}`], { limit: 25 }));
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result.ok)).toHaveLength(25);
    expect(await count(replicaA, bucket)).toBe(25);
  });

  it.skipIf(!available)('old events are deleted: a bucket beyond its window, and any bucket beyond the longest window', async () => {
    const active = `${name}:active`;
    const abandoned = `${name}:abandoned`;
    await takeRateSlots(replicaA, [abandoned], { limit: 5, now: at(0) });
    for (let i = 0; i < 3; i++) await takeRateSlots(replicaA, [active], { limit: 5, now: at(i) });
    expect(await count(replicaA, active)).toBe(3);
    await takeRateSlots(replicaA, [active], { limit: 5, now: at(60_001) });
    expect(await count(replicaA, active)).toBe(2); // the events at 0 and 1 ms left its window: deleted
    expect(await count(replicaA, abandoned)).toBe(1); // another bucket: kept until the longest window
    await takeRateSlots(replicaB, [`${name}:late`], { limit: 5, now: at(MAX_WINDOW_MS + 1) });
    expect(await count(replicaA, abandoned)).toBe(0);
  });
});
