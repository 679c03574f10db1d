/**
 * The tests' PGlite pool (test/databases.ts): test files that take turns on one PGlite in a
 * worker each start from an empty, migrated database, as if it were their own.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTestDb } from './databases';

const ID = '0b5ae5d4-5a63-4c43-a5f1-0e7c7d0f0d01';

describe('openTestDb on PGlite', () => {
  it('hands the next user the same PGlite, with nothing of the previous user left', async () => {
    // A schema outside `public` marks the instance (nothing a test file makes lives there).
    const marker = `pool_marker_${randomUUID().replace(/-/g, '')}`;
    const first = await openTestDb('pglite');
    await first.exec(`CREATE SCHEMA ${marker}`);
    await first.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'first']);
    await first.exec('CREATE TABLE leftover (n integer)');
    await first.exec("SET statement_timeout = '5s'");
    await first.close();

    const second = await openTestDb('pglite');
    try {
      expect(await second.query('SELECT 1 AS found FROM pg_namespace WHERE nspname = $1', [marker])).toEqual([{ found: 1 }]);
      expect(await second.query('SELECT id FROM registrations')).toEqual([]);
      expect(await second.query("SELECT to_regclass('leftover') AS leftover")).toEqual([{ leftover: null }]);
      expect(await second.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
      // The same unique key again: no conflict.
      await second.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'second']);
      expect(await second.query('SELECT name FROM registrations')).toEqual([{ name: 'second' }]);
    } finally {
      await second.exec(`DROP SCHEMA ${marker}`);
      await second.close();
    }
  });

  it('empties the rows of a schema left as migrated, and restarts its ids, without migrating again', async () => {
    const appliedAt = async (db: Awaited<ReturnType<typeof openTestDb>>) =>
      (await db.query<{ applied_at: Date }>('SELECT applied_at FROM schema_migrations ORDER BY id')).map((row) => row.applied_at.getTime());
    const first = await openTestDb('pglite');
    await first.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'first']);
    const journal = "INSERT INTO api_calls (registration_id, method, path, attempt, duration_ms) VALUES ($1, 'POST', '/x', 1, 5) RETURNING id";
    expect(await first.query(journal, [ID])).toEqual([{ id: 1 }]);
    expect(await first.query(journal, [ID])).toEqual([{ id: 2 }]);
    const migratedAt = await appliedAt(first);
    await first.close();

    const second = await openTestDb('pglite');
    try {
      expect(await second.query('SELECT count(*)::int AS n FROM registrations')).toEqual([{ n: 0 }]);
      expect(await second.query('SELECT count(*)::int AS n FROM api_calls')).toEqual([{ n: 0 }]);
      await second.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'second']);
      expect(await second.query(journal, [ID])).toEqual([{ id: 1 }]);
      // The same migrations' record: the schema was kept, not made again.
      expect(await appliedAt(second)).toEqual(migratedAt);
    } finally {
      await second.close();
    }
  });

  it.each([
    ['a column added', 'ALTER TABLE registrations ADD COLUMN leftover integer'],
    ['a default changed', "ALTER TABLE registrations ALTER COLUMN name SET DEFAULT 'leftover'"],
    ['an index dropped', 'DROP INDEX assets_registration'],
    ['a constraint dropped', 'ALTER TABLE api_calls DROP CONSTRAINT api_calls_registration_id_fkey'],
    ['a function made', 'CREATE FUNCTION leftover() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$'],
    ['a view made', 'CREATE VIEW leftover AS SELECT id FROM registrations'],
    ['a migration forgotten', 'DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations)'],
    ['the migrations record dropped', 'DROP TABLE schema_migrations'],
  ])('makes the schema again when the previous user changed it: %s', async (_change, statement) => {
    const first = await openTestDb('pglite');
    const fresh = await first.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'registrations' ORDER BY column_name");
    const indexes = await first.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
    await first.exec(statement);
    await first.close();

    const second = await openTestDb('pglite');
    try {
      expect(await second.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'registrations' ORDER BY column_name")).toEqual(fresh);
      expect(await second.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname")).toEqual(indexes);
      expect(await second.query("SELECT column_default FROM information_schema.columns WHERE table_name = 'registrations' AND column_name = 'name'")).not.toEqual([
        { column_default: "'leftover'::text" },
      ]);
      expect(await second.query("SELECT to_regproc('leftover') AS fn, to_regclass('leftover') AS view")).toEqual([{ fn: null, view: null }]);
      expect(await second.query("SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'api_calls_registration_id_fkey'")).toEqual([{ n: 1 }]);
      const { MIGRATIONS } = await import('@/lib/db/migrations');
      expect((await second.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
    } finally {
      await second.close();
    }
  });

  it('gives handles open at the same time databases of their own', async () => {
    const one = await openTestDb('pglite');
    const two = await openTestDb('pglite');
    try {
      await one.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'one']);
      await two.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [ID, 'two']);
      expect(await one.query('SELECT name FROM registrations')).toEqual([{ name: 'one' }]);
      expect(await two.query('SELECT name FROM registrations')).toEqual([{ name: 'two' }]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('migrates only the migrations asked for', async () => {
    const { MIGRATIONS } = await import('@/lib/db/migrations');
    const db = await openTestDb('pglite', { migrations: MIGRATIONS.slice(0, 1) });
    try {
      expect(await db.query('SELECT id FROM schema_migrations')).toEqual([{ id: MIGRATIONS[0]!.id }]);
    } finally {
      await db.close();
    }
    const full = await openTestDb('pglite');
    try {
      expect(await full.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
    } finally {
      await full.close();
    }
  });

  it('refuses queries on a handle once closed (the PGlite has gone to its next user)', async () => {
    const db = await openTestDb('pglite');
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow('PGlite is closed');
    await expect(db.exec('SELECT 1')).rejects.toThrow('PGlite is closed');
    await expect(db.transaction(async () => undefined)).rejects.toThrow('PGlite is closed');
  });
});
