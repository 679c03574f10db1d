import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/db';
import { MIGRATIONS } from '@/lib/db/migrations';
import { openTestDb } from '@/test/databases';
import { readiness } from './readiness';

describe('readiness (GET /api/ready)', () => {
  let db: Db;
  let behind: Db;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    behind = await openTestDb('pglite', { migrations: MIGRATIONS.slice(0, -1) });
  });
  afterAll(async () => {
    await db.close();
    await behind.close();
  });

  it('200 when started, the database answers and every migration of this build is applied', async () => {
    const answer = await readiness({ phase: 'ready', driver: 'pglite', db: async () => db });
    expect(answer).toEqual({ status: 200, body: { status: 'ready', database: { ok: true, driver: 'pglite', latencyMs: expect.any(Number) } } });
  });

  it('503 while starting or stopping, without touching the database', async () => {
    const untouchable = async (): Promise<Db> => {
      throw new Error('not to be opened');
    };
    expect(await readiness({ phase: 'starting', driver: 'postgres', db: untouchable })).toEqual({ status: 503, body: { status: 'starting' } });
    expect(await readiness({ phase: 'stopping', driver: 'postgres', db: untouchable })).toEqual({ status: 503, body: { status: 'stopping' } });
  });

  it('503 when the database fails, or does not answer in time', async () => {
    const failing = async (): Promise<Db> => {
      throw new Error('connect ECONNREFUSED 10.0.0.9:5432');
    };
    expect(await readiness({ phase: 'ready', driver: 'postgres', db: failing })).toEqual({ status: 503, body: { status: 'unavailable', database: { ok: false, driver: 'postgres' } } });
    const started = Date.now();
    const hanging = { ...db, query: () => new Promise<never>(() => undefined) } as Db;
    expect(await readiness({ phase: 'ready', driver: 'postgres', db: async () => hanging, timeoutMs: 200 })).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('503 naming the migrations missing from the database (one restored from an older backup, say)', async () => {
    const answer = await readiness({ phase: 'ready', driver: 'pglite', db: async () => behind });
    expect(answer).toMatchObject({ status: 503, body: { status: 'unavailable', pendingMigrations: [MIGRATIONS.at(-1)?.id] } });
  });
});
