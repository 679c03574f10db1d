import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

/** Values a query may take: PostgreSQL parameters, JSON passed as text and cast in SQL. */
export type SqlParam = string | number | boolean | null | Date | Uint8Array;

export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DbOptions = {
  databaseUrl?: string;
  dataDir?: string;
  /** The migrations to apply: all of them unless a test needs the schema as it was before one. */
  migrations?: ReadonlyArray<Migration>;
};

/** Opens the database and applies any migration it lacks. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir ?? '.data');
  try {
    await migrate(db, options.migrations);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * A database error as it may travel: its message and SQLSTATE code only. The drivers attach the
 * query and its parameters to their errors, and whoever logs the error (Next.js prints thrown
 * errors whole) would print user data with them.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function clean(error: unknown): DatabaseError {
  const message = error instanceof Error ? error.message : 'database error';
  const code = (error as { code?: unknown } | null)?.code;
  return new DatabaseError(message.slice(0, 300), typeof code === 'string' ? code : undefined);
}

/** Runs one statement; its failure carries no query text and no parameter. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw clean(error);
  }
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true }); // NOTE: PGlite does not create parent folders.
  const pg = new PGlite(inMemory ? dataDir : path.resolve(dataDir));
  await pg.waitReady;
  const query: Queryable['query'] = (sql, params = []) => run(async () => (await pg.query<never>(sql, params as unknown[])).rows);
  return {
    driver: 'pglite',
    query,
    exec: async (sql) => void (await pg.exec(sql)),
    transaction: (work) =>
      pg.transaction((tx) =>
        work({
          query: (sql, params = []) => run(async () => (await tx.query<never>(sql, params as unknown[])).rows),
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: () => pg.close(),
  };
}

async function openPostgres(databaseUrl: string): Promise<Db> {
  const { Pool, types } = await import('pg');
  // Return bigint counts and sums as numbers, as PGlite does (they stay far below 2^53 here).
  types.setTypeParser(20, (value) => Number(value));
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => console.error(`[db] idle client error: ${error.message}`));
  const query: Queryable['query'] = (sql, params = []) => run(async () => (await pool.query(sql, params as unknown[])).rows);
  return {
    driver: 'postgres',
    query,
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (sql, params = []) => run(async () => (await client.query(sql, params as unknown[])).rows),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The migrations of `migrations` the database has not applied (none once start-up migrated it). */
export async function pendingMigrations(db: Queryable, migrations: ReadonlyArray<Migration> = MIGRATIONS): Promise<string[]> {
  const applied = new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
  return migrations.filter((migration) => !applied.has(migration.id)).map((migration) => migration.id);
}

/** Applies pending migrations; an advisory lock keeps replicas sharing one PostgreSQL in line. */
export async function migrate(db: Db, migrations: ReadonlyArray<Migration> = MIGRATIONS): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7340111)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    }
    return pending.map((migration) => migration.id);
  });
}
