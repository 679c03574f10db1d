import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from './db';
import { migrate } from './db';
import { MIGRATIONS } from './migrations';
import {
  createRegistration,
  getDraft,
  getRegistration,
  listApiCalls,
  listRegistrations,
  recordApiCall,
  saveDraft,
} from '@/lib/registration/repository';
import * as sandboxStore from '@/lib/sandbox/store';

describe.each(DRIVERS)('persistence on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('applies every migration once, and again is a no-op', async () => {
    const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
  });

  it.skipIf(!available)('creates and lists registrations, newest first', async () => {
    const first = await createRegistration(db);
    const second = await createRegistration(db);
    await db.query("UPDATE registrations SET updated_at = now() + interval '1 second', name = 'Second' WHERE id = $1", [second]);
    const list = await listRegistrations(db);
    expect(list.map((r) => r.id).slice(0, 2)).toEqual([second, first]);
    expect(await getRegistration(db, second)).toMatchObject({ name: 'Second', status: 'in_progress', applicationId: null, stepsSent: 0 });
    expect(await getRegistration(db, '2aa7c756-6d55-44b6-9b60-06212611cfd6')).toBeUndefined();
  });

  it.skipIf(!available)('keeps step drafts as JSON with a revision that counts saves', async () => {
    const id = await createRegistration(db);
    expect(await getDraft(db, id, 2)).toBeUndefined();
    const draft = { locales: [{ locale: 'fr-BE', displayName: 'Achats — “facturation”', description: 'ü ß 漢字' }] };
    expect(await saveDraft(db, id, 2, draft)).toEqual({ ok: true, revision: 1 });
    expect(await saveDraft(db, id, 2, { ...draft, extra: true })).toEqual({ ok: true, revision: 2 });
    expect(await getDraft(db, id, 2)).toEqual({ draft: { ...draft, extra: true }, revision: 2 });
  });

  it.skipIf(!available)('refuses a save based on a stale revision: no silent lost update', async () => {
    const id = await createRegistration(db);
    expect(await saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] }, 0)).toEqual({ ok: true, revision: 1 });
    // Two tabs opened at revision 1: the first save wins, the second is told.
    expect(await saveDraft(db, id, 5, { spaceTypes: ['PARTNER'] }, 1)).toEqual({ ok: true, revision: 2 });
    expect(await saveDraft(db, id, 5, { spaceTypes: [] }, 1)).toEqual({ ok: false, conflict: true, revision: 2 });
    expect(await saveDraft(db, id, 5, { spaceTypes: [] }, 0)).toEqual({ ok: false, conflict: true, revision: 2 });
    expect((await getDraft(db, id, 5))?.draft).toEqual({ spaceTypes: ['PARTNER'] });
    // Concurrent saves from the same revision: exactly one succeeds.
    const results = await Promise.all([1, 2, 3, 4].map((n) => saveDraft(db, id, 5, { n }, 2)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it.skipIf(!available)('journals API calls, newest first, and keeps them when a registration is deleted', async () => {
    const id = await createRegistration(db);
    const call = { method: 'POST', path: '/servicemngmt/v1/applications/x/brands', request: { brandName: 'Banqup' }, response: { id: 'r' }, error: null, requestId: 'req-1', durationMs: 12, attempt: 1 };
    await recordApiCall(db, { ...call, registrationId: id, step: 7, status: 503 });
    await recordApiCall(db, { ...call, registrationId: id, step: 7, status: 201, attempt: 2 });
    const calls = await listApiCalls(db, id);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([
      [201, 2],
      [503, 1],
    ]);
    expect(calls[0]).toMatchObject({ request: { brandName: 'Banqup' }, requestId: 'req-1', step: 7 });
    await db.query('DELETE FROM registrations WHERE id = $1', [id]);
    const orphans = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM api_calls WHERE request_id = 'req-1' AND registration_id IS NULL");
    expect(orphans[0]?.n).toBe(2);
  });

  it.skipIf(!available)('stores binary assets byte for byte', async () => {
    const id = await createRegistration(db);
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    await db.query(
      `INSERT INTO assets (id, registration_id, kind, file_name, content_type, byte_size, sha256, bytes)
       VALUES (gen_random_uuid(), $1, 'logo', 'l.png', 'image/png', 6, 'x', $2)`,
      [id, bytes],
    );
    const [row] = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM assets WHERE registration_id = $1', [id]);
    expect(Array.from(row?.bytes ?? [])).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it.skipIf(!available)('keeps one sandbox item per natural key, and versions unique', async () => {
    const app = await sandboxStore.createApplication(db, { name: 'A', namespace: 'a_ns', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' });
    const first = await sandboxStore.upsertItem(db, app.id, 'location', 'BE', { countryCode: 'BE', status: 'ACTIVE' });
    const again = await sandboxStore.upsertItem(db, app.id, 'location', 'BE', { countryCode: 'BE', status: 'INACTIVE' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const items = await sandboxStore.listItems(db, app.id);
    expect(items.map((i) => i.data)).toEqual([{ countryCode: 'BE', status: 'INACTIVE' }]);
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeDefined();
    expect(await sandboxStore.insertNewItem(db, app.id, 'version', '1.0.0', {})).toBeUndefined();
  });

  it.skipIf(!available)('uses a fault exactly as many times as asked, even under concurrency', async () => {
    await sandboxStore.addFault(db, { method: null, pathContains: '/brands', status: 503, delayMs: 0, style: null, remaining: 3, detail: null, errors: null });
    const taken = await Promise.all(Array.from({ length: 8 }, () => sandboxStore.takeFault(db, 'POST', '/servicemngmt/v1/applications/x/brands')));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await sandboxStore.takeFault(db, 'POST', '/servicemngmt/v1/applications/x/brands')).toBeUndefined();
  });
});
