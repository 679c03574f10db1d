import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from './db';
import { typed } from './kysely';

/** A table interface of another module's own (as the sandbox's are): the dialect takes any. */
interface ProbeDatabase {
  kysely_probe: { id: number; label: string; data: unknown };
}

describe.each(DRIVERS)('Kysely over our database handle, on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('runs typed queries on the app tables: inserts, reads back with Dates, updates with returning', async () => {
    const id = randomUUID();
    await typed(db).insertInto('registrations').values({ id, name: 'Typed' }).execute();
    const row = await typed(db).selectFrom('registrations').select(['id', 'name', 'status', 'revision', 'created_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id, name: 'Typed', status: 'in_progress', revision: 0, created_at: expect.any(Date) });
    const updated = await typed(db).updateTable('registrations').set({ name: 'Renamed' }).where('id', '=', id).returning('name').execute();
    expect(updated).toEqual([{ name: 'Renamed' }]);
    // The same handle, the same instance: one Kysely per Queryable.
    expect(typed(db)).toBe(typed(db));
  });

  it.skipIf(!available)('writes jsonb as JSON text and reads it parsed; sql templates run too', async () => {
    const id = randomUUID();
    await typed(db).insertInto('registrations').values({ id }).execute();
    const draft = { locales: [{ locale: 'fr-BE', displayName: 'ü “x”' }], list: [1, 2] };
    await typed(db).insertInto('registration_steps').values({ registration_id: id, step: 2, draft: JSON.stringify(draft) }).execute();
    const row = await typed(db).selectFrom('registration_steps').select('draft').where('registration_id', '=', id).executeTakeFirst();
    expect(row?.draft).toEqual(draft);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM registration_steps WHERE registration_id = ${id}`.execute(typed(db));
    expect(rows).toEqual([{ n: 1 }]);
  });

  it.skipIf(!available)("runs inside our transactions: it sees the transaction's own writes, and rolls back with it", async () => {
    const id = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO registrations (id, name) VALUES ($1, $2)', [id, 'In a transaction']);
        // Not committed yet: only a query on the same transaction sees it (on pg, another pooled connection would not).
        const seen = await typed(tx).selectFrom('registrations').select('name').where('id', '=', id).executeTakeFirst();
        expect(seen).toEqual({ name: 'In a transaction' });
        await typed(tx).updateTable('registrations').set({ name: 'Changed by Kysely' }).where('id', '=', id).execute();
        const [raw] = await tx.query<{ name: string }>('SELECT name FROM registrations WHERE id = $1', [id]);
        expect(raw?.name).toBe('Changed by Kysely');
        throw new Error('roll it back');
      }),
    ).rejects.toThrow('roll it back');
    expect(await typed(db).selectFrom('registrations').select('id').where('id', '=', id).execute()).toEqual([]);
    // And commits with it.
    await db.transaction((tx) => typed(tx).insertInto('registrations').values({ id }).execute());
    expect(await typed(db).selectFrom('registrations').select('id').where('id', '=', id).execute()).toEqual([{ id }]);
  });

  it.skipIf(!available)('takes another module’s table interface', async () => {
    await db.exec('CREATE TABLE kysely_probe (id integer PRIMARY KEY, label text NOT NULL, data jsonb)');
    const probe = typed<ProbeDatabase>(db);
    await probe.insertInto('kysely_probe').values({ id: 1, label: 'one', data: JSON.stringify({ a: 1 }) }).execute();
    expect(await probe.selectFrom('kysely_probe').selectAll().execute()).toEqual([{ id: 1, label: 'one', data: { a: 1 } }]);
    await db.exec('DROP TABLE kysely_probe');
  });

  it.skipIf(!available)('refuses an object or array parameter (JSON travels as text), and Kysely’s own transactions', async () => {
    const id = randomUUID();
    const insert = typed(db)
      .insertInto('registrations')
      // @ts-expect-error: a jsonb or text column takes text, never an object
      .values({ id, name: { not: 'text' } });
    await expect(insert.execute()).rejects.toThrow(/parameter \$2 is a object: pass JSON as text/);
    await expect(typed(db).transaction().execute(async () => undefined)).rejects.toThrow(/Db.transaction/);
  });

  it.skipIf(!available)('fails as our handle fails: a DatabaseError without the query or its parameters', async () => {
    const id = randomUUID();
    await typed(db).insertInto('registrations').values({ id, name: 'secret-name' }).execute();
    const error = await typed(db).insertInto('registrations').values({ id, name: 'secret-name' }).execute().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'DatabaseError', code: '23505' });
    expect(JSON.stringify(error) + String(error)).not.toContain('secret-name');
  });
});
