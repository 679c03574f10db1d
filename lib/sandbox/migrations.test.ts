import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRIVERS, openSharedTestDbs, openTestDb } from '@/test/databases';
import { SANDBOX_CONFIG } from '@/test/sandbox';
import { migrate, type Db, type Queryable } from '@/lib/db/db';
import { MIGRATIONS } from '@/lib/db/migrations';
import { MIGRATIONS_AS_OF_0014 } from '@/test/migrations-as-of-0014';
import { createSandboxHandler } from './handler';
import { migrateSandbox, SANDBOX_MIGRATIONS, SANDBOX_MIGRATIONS_TABLE } from './migrations';
import { SANDBOX_COLUMNS } from './schema';
import * as store from './store';

const OWNER = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const sandboxTables = async (db: Queryable) =>
  (
    await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'sandbox%' ORDER BY table_name`,
    )
  ).map((row) => row.name);

/** The sandbox's tables as PostgreSQL describes them: columns, indexes, constraints. */
async function sandboxSchema(db: Queryable) {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name LIKE 'sandbox%' AND table_name <> $1 ORDER BY table_name, ordinal_position`,
    [SANDBOX_MIGRATIONS_TABLE],
  );
  const indexes = await db.query(
    `SELECT tablename, indexname, replace(indexdef, schemaname || '.', '') AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename LIKE 'sandbox%' AND tablename <> $1 ORDER BY indexname`,
    [SANDBOX_MIGRATIONS_TABLE],
  );
  const constraints = await db.query(
    `SELECT c.relname AS table_name, k.conname, pg_get_constraintdef(k.oid) AS definition FROM pg_constraint AS k
     JOIN pg_class AS c ON c.oid = k.conrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname LIKE 'sandbox%' AND c.relname <> $1 ORDER BY k.conname`,
    [SANDBOX_MIGRATIONS_TABLE],
  );
  return { columns, indexes, constraints };
}

/** The sandbox as the app mounts it, on this database, answering one call. */
function sandboxOn(db: Db) {
  const handler = createSandboxHandler({ db: async () => db, config: SANDBOX_CONFIG });
  return (path: string, init: RequestInit = {}) =>
    handler(new Request(`http://127.0.0.1/sandbox${path}`, { ...init, headers: { authorization: `Bearer ${SANDBOX_CONFIG.token}`, ...init.headers } }));
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

type Read = { application: { name: string }; brands: { brandName: string }[]; locations: { countryCode: string }[]; logo: { size: number; writes: number } | null; versions: { version: string }[] };

describe('where the sandbox keeps its tables', () => {
  const globals = globalThis as Record<string, unknown>;
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /**
   * The app's own database and /sandbox route, as a deployment configured by `env` runs them.
   * The database is the one getDb hands out, opened and migrated by the app's openDb and
   * MIGRATIONS, on a PGlite of the tests' pool (a new in-memory one would run initdb: seconds).
   */
  async function deployment(env: Record<string, string>) {
    for (const [name, value] of Object.entries({ DATABASE_URL: '', DATA_DIR: 'memory://', ...env })) vi.stubEnv(name, value);
    globals.__dbPromise = openTestDb('pglite');
    delete globals.__sandboxHandler;
    vi.resetModules();
    const db = await (await import('@/lib/db')).getDb();
    const route = await import('@/app/sandbox/[...path]/route');
    return {
      db,
      route,
      async close() {
        await db.close();
        delete globals.__dbPromise;
        delete globals.__sandboxHandler;
      },
    };
  }

  it('a deployment against the real Banqup API creates no sandbox table, even when /sandbox is called', { timeout: 60_000 }, async () => {
    const app = await deployment({ BANQUP_API_URL: 'https://api.example.com', BANQUP_API_TOKEN: 'real-token' });
    try {
      const response = await app.route.POST(new Request('http://127.0.0.1/sandbox/support/drafts', postJson({ name: 'X', namespace: 'x_ns', ownerEntityId: OWNER })));
      expect(response.status).toBe(404);
      // Every sandbox path answers 404: token, control, the API itself.
      for (const path of ['/sandbox/oauth/token', '/sandbox/control/faults', `/sandbox/servicemngmt/v1/applications/${randomUUID()}`]) {
        expect((await app.route.POST(new Request(`http://127.0.0.1${path}`, { method: 'POST' }))).status, path).toBe(404);
      }
      expect(await sandboxTables(app.db)).toEqual([]);
      // The app's own migrations are all there: only the sandbox's tables are missing.
      expect((await app.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
    } finally {
      await app.close();
    }
  });

  it('in sandbox mode, the sandbox creates its tables on its first call', { timeout: 60_000 }, async () => {
    const app = await deployment({});
    try {
      expect(await sandboxTables(app.db)).toEqual([]);
      const response = await app.route.POST(new Request('http://127.0.0.1/sandbox/support/drafts', postJson({ name: 'X', namespace: 'x_ns', ownerEntityId: OWNER })));
      expect(response.status).toBe(201);
      expect(await sandboxTables(app.db)).toEqual(['sandbox_applications', 'sandbox_faults', 'sandbox_items', 'sandbox_migrations', 'sandbox_tokens']);
      expect((await app.db.query<{ id: string }>(`SELECT id FROM ${SANDBOX_MIGRATIONS_TABLE}`)).map((row) => row.id)).toEqual(SANDBOX_MIGRATIONS.map((m) => m.id));
    } finally {
      await app.close();
    }
  });
});

// Each test opens one or two fresh databases of its own: PGlite takes seconds to start on a busy machine.
describe.each(DRIVERS)("the sandbox's migrations on $name", ({ name, available }) => {
  it.skipIf(!available)('make the tables the app’s migrations used to make, column for column and index for index', { timeout: 60_000 }, async () => {
    const before = await openTestDb(name, { migrations: MIGRATIONS_AS_OF_0014 });
    const now = await openTestDb(name);
    try {
      expect(await sandboxTables(now)).toEqual([]);
      expect(await migrateSandbox(now)).toEqual(SANDBOX_MIGRATIONS.map((m) => m.id));
      const made = await sandboxSchema(now);
      expect(made.columns.length).toBeGreaterThan(30);
      expect(made).toEqual(await sandboxSchema(before));
      expect(await migrateSandbox(now)).toEqual([]);
    } finally {
      await before.close();
      await now.close();
    }
  });

  it.skipIf(!available)('make every table and column SandboxDatabase types (schema.ts), each as nullable as the database has it', { timeout: 60_000 }, async () => {
    const db = await openTestDb(name);
    try {
      await migrateSandbox(db);
      const rows = await db.query<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name LIKE 'sandbox%' ORDER BY table_name, column_name`,
      );
      const tables: Record<string, Record<string, string>> = {};
      for (const row of rows) (tables[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES' ? 'null' : 'not null';
      const sorted = (columns: Record<string, string>) => Object.fromEntries(Object.entries(columns).sort(([a], [b]) => a.localeCompare(b)));
      expect(tables).toEqual(Object.fromEntries(Object.entries(SANDBOX_COLUMNS).map(([table, columns]) => [table, sorted(columns)])));
    } finally {
      await db.close();
    }
  });

  it.skipIf(!available)('upgrade a database migrated before they existed: its sandbox rows stay, and the sandbox works on', { timeout: 60_000 }, async () => {
    // As the code before them left it: every migration applied, the sandbox's tables in use.
    const db = await openTestDb(name, { migrations: MIGRATIONS_AS_OF_0014 });
    try {
      const app = await store.createApplication(db, { name: 'Kept', namespace: 'kept_ns', ownerEntityId: OWNER });
      await store.addItem(db, app.id, 'brand', 'Banqup', { brandName: 'Banqup' });
      await store.addItem(db, app.id, 'location', 'BE', { countryCode: 'BE', status: 'ACTIVE' });
      await store.putLogo(db, app.id, { fileName: 'logo.png', contentType: 'image/png' }, store.describeFile(PNG, 'image/png'));
      await store.insertNewItem(db, app.id, 'version', '1.0.0', { version: '1.0.0', status: 'VALID' });
      const issued = await store.issueToken(db, 'sandbox-client', 'store_read store_write', 3600);
      await store.addFault(db, { method: 'POST', pathContains: '/locations', status: 503, delayMs: 0, style: null, remaining: 1, detail: null, errors: null, after: false, drop: false, retryAfter: 0 });

      // Today's code opens it: the app's ids are the same (nothing to apply), then the sandbox is called.
      expect(await migrate(db)).toEqual([]);
      const call = sandboxOn(db);
      const read = await call(`/servicemngmt/v1/applications/${app.id}`, { headers: { authorization: `Bearer ${issued}` } });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({
        application: { name: 'Kept' },
        brands: [{ brandName: 'Banqup' }],
        locations: [{ countryCode: 'BE' }],
        logo: { size: PNG.byteLength, writes: 1 },
        versions: [{ version: '1.0.0' }],
      } satisfies Partial<Read>);
      expect((await db.query<{ id: string }>(`SELECT id FROM ${SANDBOX_MIGRATIONS_TABLE}`)).map((row) => row.id)).toEqual(SANDBOX_MIGRATIONS.map((m) => m.id));

      // The fault set before is still armed; then the sandbox takes new items as before.
      expect((await call(`/servicemngmt/v1/applications/${app.id}/locations`, postJson({ countryCode: 'NL', status: 'ACTIVE' }))).status).toBe(503);
      expect((await call(`/servicemngmt/v1/applications/${app.id}/locations`, postJson({ countryCode: 'NL', status: 'ACTIVE' }))).status).toBe(201);
      const version = { version: '1.0.0', releaseNote: 'Notes', releaseDate: '2026-04-16T13:03:36Z', manifest: { serviceAccount: OWNER, minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' } }, copyright: 'Banqup' };
      expect((await call(`/servicemngmt/v1/applications/${app.id}/versions`, postJson(version))).status).toBe(409);
      expect((await call(`/servicemngmt/v1/applications/${app.id}/versions`, postJson({ ...version, version: '1.1.0' }))).status).toBe(201);
      const after = (await (await call(`/servicemngmt/v1/applications/${app.id}`)).json()) as Read;
      expect(after.locations.map((l) => l.countryCode)).toEqual(['BE', 'NL']);
    } finally {
      await db.close();
    }
  });

  it.skipIf(!available)('upgrade a database migrated only to 0002 before they existed: the app’s migrations finish its sandbox tables', { timeout: 60_000 }, async () => {
    const db = await openTestDb(name, { migrations: MIGRATIONS_AS_OF_0014.slice(0, 2) });
    try {
      // The sandbox's rows as the code of 0002 wrote them: the logo's bytes in the row, no write count.
      const appId = randomUUID();
      await db.query(`INSERT INTO sandbox_applications (id, name, namespace) VALUES ($1, 'Old', 'old_ns')`, [appId]);
      await db.query(`INSERT INTO sandbox_items (id, application_id, kind, item_key, data, file) VALUES ($1, $2, 'logo', 'logo', $3::jsonb, $4)`, [
        randomUUID(),
        appId,
        JSON.stringify({ fileName: 'logo.png', contentType: 'image/png' }),
        PNG,
      ]);
      await db.query(`INSERT INTO sandbox_items (id, application_id, kind, item_key, data) VALUES ($1, $2, 'location', 'BE', '{"countryCode":"BE"}'::jsonb)`, [randomUUID(), appId]);

      expect(await migrate(db)).toEqual(MIGRATIONS.slice(2).map((m) => m.id));
      const call = sandboxOn(db);
      // A second BE is a duplicate now (0008 dropped the old unique index), and the logo's PUT counts.
      expect((await call(`/servicemngmt/v1/applications/${appId}/locations`, postJson({ countryCode: 'BE', status: 'ACTIVE' }))).status).toBe(201);
      const form = new FormData();
      form.set('logoFile', new Blob([PNG]), 'logo.png');
      expect((await call(`/servicemngmt/v1/applications/${appId}/logo`, { method: 'PUT', body: form })).status).toBe(200);
      const read = (await (await call(`/servicemngmt/v1/applications/${appId}`)).json()) as Read;
      expect(read.locations.map((l) => l.countryCode)).toEqual(['BE', 'BE']);
      expect(read.logo).toMatchObject({ size: PNG.byteLength, contentType: 'image/png', writes: 2 });
      expect(await sandboxSchema(db)).toEqual(await sandboxSchemaOfToday(name));
    } finally {
      await db.close();
    }
  });

  it.skipIf(!available)('two replicas calling the sandbox at once apply them once', { timeout: 60_000 }, async () => {
    const shared = await openSharedTestDbs(name, 2);
    try {
      const applied = await Promise.all(shared.handles.map((db) => migrateSandbox(db)));
      expect(applied.flat()).toEqual(SANDBOX_MIGRATIONS.map((m) => m.id));
    } finally {
      await shared.close();
    }
  });
});

/** The sandbox's schema on a database made today: the app's migrations, then the sandbox's. */
async function sandboxSchemaOfToday(driver: 'pglite' | 'postgres') {
  const db = await openTestDb(driver);
  try {
    await migrateSandbox(db);
    return await sandboxSchema(db);
  } finally {
    await db.close();
  }
}
