import 'server-only';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { PGlite as PGliteInstance } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { typed } from './kysely';
import { MIGRATIONS, type Migration } from './migrations';
import type { SchemaMigrationsTable } from './schema';

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
  /** An open PGlite to use instead of opening `dataDir` (the tests keep one per worker: test/databases.ts). */
  pglite?: PGliteInstance;
};

/** Opens the database and applies any migration it lacks. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir ?? '.data', options.pglite);
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

/**
 * PostgreSQL settings for PGlite, on top of PGlite's own start parameters. PGlite's shared memory
 * is resident in full from the start: with PostgreSQL's defaults (shared_buffers 128 MB,
 * max_connections 100) that was 146 MB of the process's RSS, 12 MB with these. The app's data is
 * small, a page that is not among the buffers is read from the operating system's file cache,
 * and PGlite runs one backend whatever max_connections says.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '4MB',
  max_connections: '10',
};

/** PGlite's start parameters with PGLITE_SETTINGS added (`-c name=value`: the last one wins). */
export function pgliteStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

/**
 * V8 compiles PGlite's WebAssembly PostgreSQL (9 MB) with its baseline compiler, Liftoff, then
 * recompiles the hot functions with TurboFan in the background. Measured on the running app,
 * that second tier kept 40 to 75 MB more RSS at idle; the app's kind of queries (small rows,
 * 256 KiB chunks) ran no slower without it, and start-up and the set-up process got faster (no
 * background compiling on two cores). Set by the app itself when it opens PGlite, before PGlite
 * compiles anything (v8.setFlagsFromString: `npm start` and the standalone server need no node
 * flag); the process's later WebAssembly (undici's HTTP parser) stays on Liftoff too. Given to
 * the set-up process on its command line.
 */
export const PGLITE_V8_FLAGS = ['--liftoff-only'] as const;

/** The script that creates a database in a new folder, in a process of its own (see its comment). */
export const pgliteInitScript = () => path.join(process.cwd(), 'lib', 'db', 'pglite-init.mjs');

/**
 * Creates the database in `dataDir` (which holds none yet) in a child process, and waits for it
 * to exit: what PGlite's initdb allocates (some 700 MB) leaves with that process, where in this
 * one it stayed (lib/db/pglite-init.mjs).
 */
export function initPgliteFolder(dataDir: string, startParams: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...PGLITE_V8_FLAGS, pgliteInitScript(), dataDir, ...startParams], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.on('error', (error) => reject(new Error(`could not create the database in ${dataDir}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`could not create the database in ${dataDir} (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}

async function openPglite(dataDir: string, given?: PGliteInstance): Promise<Db> {
  v8.setFlagsFromString(PGLITE_V8_FLAGS.join(' '));
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  const startParams = pgliteStartParams(PGlite.defaultStartParams);
  if (!inMemory && !given) {
    mkdirSync(dataDir, { recursive: true }); // NOTE: PGlite does not create parent folders.
    // A new folder: its database is created by another process, then opened as an existing one.
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initPgliteFolder(path.resolve(dataDir), startParams);
  }
  const pg = given ?? new PGlite(inMemory ? dataDir : path.resolve(dataDir), { startParams });
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

/**
 * The table that records which migrations of a set the database applied: the app's in
 * schema_migrations; another set (the sandbox's, lib/sandbox/migrations.ts) names its own.
 */
export const APP_MIGRATIONS_TABLE = 'schema_migrations';

function recordTable(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not a migrations table name: ${name}`);
  return name;
}

/** Any set's record of applied migrations has schema_migrations' shape, under its own name. */
type MigrationRecords = Record<string, SchemaMigrationsTable>;

/** The migrations of `migrations` the database has not applied (none once start-up migrated it). */
export async function pendingMigrations(
  db: Queryable,
  migrations: ReadonlyArray<Migration> = MIGRATIONS,
  table: string = APP_MIGRATIONS_TABLE,
): Promise<string[]> {
  const applied = new Set((await typed<MigrationRecords>(db).selectFrom(recordTable(table)).select('id').execute()).map((row) => row.id));
  return migrations.filter((migration) => !applied.has(migration.id)).map((migration) => migration.id);
}

/**
 * Applies pending migrations of a set, recorded in its `table`; an advisory lock keeps replicas
 * sharing one PostgreSQL in line. Every set takes the same lock: no two schema changes interleave.
 */
export async function migrate(db: Db, migrations: ReadonlyArray<Migration> = MIGRATIONS, table: string = APP_MIGRATIONS_TABLE): Promise<string[]> {
  const record = recordTable(table);
  return db.transaction(async (tx) => {
    const q = typed<MigrationRecords>(tx);
    await sql`SELECT pg_advisory_xact_lock(7340111)`.execute(q);
    await q.schema
      .createTable(record)
      .ifNotExists()
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('applied_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    const applied = new Set((await q.selectFrom(record).select('id').execute()).map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      // The migrations are SQL (lib/db/migrations.ts, lib/sandbox/migrations.ts), run as they are written.
      await tx.exec(migration.sql);
      await q.insertInto(record).values({ id: migration.id }).execute();
    }
    return pending.map((migration) => migration.id);
  });
}
