import { randomUUID } from 'node:crypto';
import { openDb, type Db, type DbOptions } from '@/lib/db/db';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

if (!TEST_DATABASE_URL) {
  console.warn('[tests] TEST_DATABASE_URL is not set: the PostgreSQL runs of the persistence tests are SKIPPED (PGlite runs only).');
}

/** The drivers to run persistence tests against: PGlite always, PostgreSQL when available. */
export const DRIVERS = [
  { name: 'pglite', available: true },
  { name: 'postgres', available: Boolean(TEST_DATABASE_URL) },
] as const;

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a throw-away schema on
 * the test PostgreSQL server (dropped on close). `migrations` limits which are applied (a
 * migration's own test starts from the schema before it).
 */
export async function openTestDb(driver: 'pglite' | 'postgres', { migrations }: Pick<DbOptions, 'migrations'> = {}): Promise<Db> {
  if (driver === 'pglite') return openDb({ dataDir: 'memory://', migrations });
  const schema = await freshSchema();
  const db = await openDb({ databaseUrl: schema.url, migrations });
  return {
    ...db,
    async close() {
      await db.close();
      await schema.drop();
    },
  };
}

/** A throw-away schema on the test PostgreSQL server: a URL that uses it, and its removal. */
async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = await openRaw(TEST_DATABASE_URL);
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/**
 * Several handles on one fresh database, as replicas sharing it have: separate connection pools
 * on the test PostgreSQL; on PGlite, which one process opens once, the same handle `count` times.
 */
export async function openSharedTestDbs(driver: 'pglite' | 'postgres', count: number): Promise<{ handles: Db[]; close: () => Promise<void> }> {
  if (driver === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    return { handles: Array.from({ length: count }, () => db), close: () => db.close() };
  }
  const schema = await freshSchema();
  const handles: Db[] = [];
  for (let i = 0; i < count; i++) handles.push(await openDb({ databaseUrl: schema.url }));
  return {
    handles,
    async close() {
      for (const handle of handles) await handle.close();
      await schema.drop();
    },
  };
}

async function openRaw(url: string) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
