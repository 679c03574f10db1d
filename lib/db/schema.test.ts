import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from './db';
import { COLUMNS } from './schema';

/** The app's tables as the migrations made them: every column of every table COLUMNS names, with its nullability. */
async function migratedColumns(db: Db): Promise<Record<string, Record<string, string>>> {
  const rows = await db.query<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>(
    `SELECT table_name, column_name, is_nullable FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY ($1::text[]) ORDER BY table_name, column_name`,
    [`{${Object.keys(COLUMNS).join(',')}}`],
  );
  const tables: Record<string, Record<string, string>> = {};
  for (const row of rows) (tables[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES' ? 'null' : 'not null';
  return tables;
}

const sorted = (table: Record<string, string>) => Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));

describe.each(DRIVERS)('the Database interface against the migrated schema, on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('names every column of every app table, each as nullable as the database has it', async () => {
    const actual = await migratedColumns(db);
    const expected = Object.fromEntries(Object.entries(COLUMNS).map(([table, columns]) => [table, sorted(columns)]));
    expect(Object.fromEntries(Object.entries(actual).map(([table, columns]) => [table, sorted(columns)]))).toEqual(expected);
  });

  it.skipIf(!available)('leaves no app table out (only the sandbox’s own are typed elsewhere)', async () => {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const untyped = tables.map((row) => row.table_name).filter((table) => !(table in COLUMNS) && !table.startsWith('sandbox_'));
    expect(untyped).toEqual([]);
  });
});
