import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import { CHUNK_BYTES } from './chunks';
import type { Db } from './db';
import { migrate } from './db';
import { MIGRATIONS } from './migrations';
import {
  createRegistration,
  getAssetBytes,
  getDraft,
  getRegistration,
  insertAsset,
  listApiCalls,
  listAssets,
  listRegistrations,
  REGISTRATIONS_PAGE,
  recordApiCall,
  saveDraft,
} from '@/lib/registration/repository';

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
    expect(list.rows.map((r) => r.id).slice(0, 2)).toEqual([second, first]);
    expect(await getRegistration(db, second)).toMatchObject({ name: 'Second', status: 'in_progress', applicationId: null, stepsSent: 0 });
    expect(await getRegistration(db, '2aa7c756-6d55-44b6-9b60-06212611cfd6')).toBeUndefined();
  });

  it.skipIf(!available)('lists registrations a page at a time, and says whether there is another page', async () => {
    const name = `Paged ${Math.random().toString(36).slice(2, 8)}`;
    for (let i = 0; i < REGISTRATIONS_PAGE + 3; i++) {
      const id = await createRegistration(db);
      await db.query(`UPDATE registrations SET name = $2, updated_at = now() + make_interval(secs => $3) WHERE id = $1`, [id, `${name} ${i}`, i]);
    }
    const first = await listRegistrations(db, { search: name });
    expect(first.rows).toHaveLength(REGISTRATIONS_PAGE);
    expect(first.hasMore).toBe(true);
    expect(first.rows[0]?.name).toBe(`${name} ${REGISTRATIONS_PAGE + 2}`);
    const second = await listRegistrations(db, { search: name, page: 2 });
    expect(second.rows.map((r) => r.name)).toEqual([`${name} 2`, `${name} 1`, `${name} 0`]);
    expect(second.hasMore).toBe(false);
  });

  it.skipIf(!available)('keeps step drafts as JSON with a revision that counts saves', async () => {
    const id = await createRegistration(db);
    expect(await getDraft(db, id, 2)).toBeUndefined();
    const draft = { locales: [{ locale: 'fr-BE', displayName: 'Achats — “facturation”', description: 'ü ß 漢字' }] };
    const first = await saveDraft(db, id, 2, draft);
    expect(first).toEqual({ ok: true, revision: 1, changed: true, row: expect.objectContaining({ step: 2, draft, draftRevision: 1, sentAt: null, lastError: null }) });
    expect(first.ok && first.row.draftSavedAt).toBeInstanceOf(Date);
    expect(await saveDraft(db, id, 2, { ...draft, extra: true })).toEqual({ ok: true, revision: 2, changed: true, row: expect.objectContaining({ draftRevision: 2 }) });
    // The same values again (keys in another order): saved, but the registration did not change.
    const before = await db.query<{ revision: number }>('SELECT revision FROM registrations WHERE id = $1', [id]);
    expect(await saveDraft(db, id, 2, { extra: true, ...draft }, 2, { id: 'u1', name: 'Ada' })).toMatchObject({ ok: true, revision: 3, changed: false });
    expect(await db.query('SELECT revision FROM registrations WHERE id = $1', [id])).toEqual(before);
    expect(await db.query('SELECT count(*)::int AS n FROM registration_changes WHERE registration_id = $1', [id])).toEqual([{ n: 0 }]);
    // A change by someone: the registration's next revision, and who made it.
    expect(await saveDraft(db, id, 2, draft, 3, { id: 'u1', name: 'Ada' })).toMatchObject({ ok: true, revision: 4, changed: true });
    expect(await db.query('SELECT revision, step, actor_id, actor_name FROM registration_changes WHERE registration_id = $1', [id])).toEqual([
      { revision: (before[0]?.revision ?? 0) + 1, step: 2, actor_id: 'u1', actor_name: 'Ada' },
    ]);
    await saveDraft(db, id, 2, { ...draft, extra: true });
    expect(await getDraft(db, id, 2)).toEqual({ draft: { ...draft, extra: true }, revision: 5 });
  });

  it.skipIf(!available)('refuses a save based on a stale revision: no silent lost update', async () => {
    const id = await createRegistration(db);
    expect(await saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] }, 0)).toMatchObject({ ok: true, revision: 1, changed: true });
    // Two tabs opened at revision 1: the first save wins, the second is told.
    expect(await saveDraft(db, id, 5, { spaceTypes: ['PARTNER'] }, 1)).toMatchObject({ ok: true, revision: 2, changed: true });
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

  const assetOf = (registrationId: string, bytes: Uint8Array) => ({
    registrationId,
    kind: 'media' as const,
    fileName: 'm.png',
    contentType: 'image/png',
    byteSize: bytes.byteLength,
    width: 1,
    height: 1,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
  });

  it.skipIf(!available).each([
    ['a tiny file', 6],
    ['exactly two chunks', 2 * CHUNK_BYTES],
    ['a file that is not a multiple of the chunk size', 3 * CHUNK_BYTES + 12345],
  ])('stores %s byte for byte, as rows of at most 256 KiB', async (_, size) => {
    const id = await createRegistration(db);
    const bytes = randomBytes(size);
    bytes.set([0, 1, 2, 253, 254, 255]);
    const stored = await insertAsset(db, assetOf(id, bytes));
    expect(stored).toMatchObject({ registrationId: id, byteSize: size, contentType: 'image/png' });
    const chunks = await db.query<{ seq: number; length: number }>('SELECT seq, length(bytes) AS length FROM asset_chunks WHERE asset_id = $1 ORDER BY seq', [stored.id]);
    expect(chunks.map((c) => c.seq)).toEqual([...Array(Math.ceil(size / CHUNK_BYTES)).keys()]);
    expect(chunks.every((c) => c.length <= CHUNK_BYTES)).toBe(true);
    const read = await getAssetBytes(db, stored.id);
    expect(read).toMatchObject({ id: stored.id, byteSize: size, fileName: 'm.png' });
    expect(read?.bytes).toBeInstanceOf(Uint8Array);
    expect(read?.bytes.byteLength).toBe(size);
    expect(Buffer.from(read?.bytes ?? []).equals(bytes)).toBe(true);
    expect(await listAssets(db, id)).toEqual([stored]);
    expect(await getAssetBytes(db, '2aa7c756-6d55-44b6-9b60-06212611cfd6')).toBeUndefined();
  });

  it.skipIf(!available)('leaves no half asset when storing one fails midway, and removes chunks with their asset', async () => {
    const id = await createRegistration(db);
    const countChunks = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM asset_chunks'))[0]?.n ?? 0;
    const chunksBefore = await countChunks();
    // The third chunk's INSERT fails, after the metadata and two chunks went in.
    let chunkInserts = 0;
    const failing: Pick<Db, 'transaction'> = {
      transaction: (work) =>
        db.transaction((tx) =>
          work({
            exec: (sql) => tx.exec(sql),
            query: async (sql, params) => {
              // As written by hand or by Kysely (which quotes names and writes keywords in lower case).
              if (/insert into "?asset_chunks"?/i.test(sql) && ++chunkInserts === 3) throw new Error('disk full');
              return tx.query(sql, params);
            },
          }),
        ),
    };
    await expect(insertAsset(failing, assetOf(id, randomBytes(4 * CHUNK_BYTES)))).rejects.toThrow('disk full');
    expect(chunkInserts).toBe(3);
    expect(await listAssets(db, id)).toEqual([]);
    expect(await countChunks()).toBe(chunksBefore);
    // A byte size that is not the file's is refused before anything is written.
    await expect(insertAsset(db, { ...assetOf(id, randomBytes(10)), byteSize: 11 })).rejects.toThrow(/byteSize 11/);
    expect(await listAssets(db, id)).toEqual([]);
    // The database carries on; deleting the registration takes the asset's chunks with it.
    const stored = await insertAsset(db, assetOf(id, randomBytes(CHUNK_BYTES + 1)));
    expect(await countChunks()).toBe(chunksBefore + 2);
    await db.query('DELETE FROM registrations WHERE id = $1', [id]);
    expect(await getAssetBytes(db, stored.id)).toBeUndefined();
    expect(await countChunks()).toBe(chunksBefore);
  });
});
