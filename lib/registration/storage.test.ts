import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/db';
import { DRIVERS, openTestDb } from '@/test/databases';
import { createHash } from 'node:crypto';
import { CHUNK_BYTES } from '@/lib/db/chunks';
import { createRegistration, getAssetBytes, insertAsset, listAssets, saveDraft } from './repository';
import { checkQuota, deleteUnusedAssets, storedBytes, takeUploadSlot } from './storage';

const MB = 1024 * 1024;

describe.each(DRIVERS)('stored files on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  const upload = (registrationId: string, bytes: number, sha256 = randomBytes(32).toString('hex')) =>
    insertAsset(db, { registrationId, kind: 'media', fileName: 'x.png', contentType: 'image/png', byteSize: bytes, width: 10, height: 10, sha256, bytes: new Uint8Array(bytes) });
  const age = async (registrationId: string) => {
    await db.query("UPDATE assets SET created_at = now() - interval '1 hour' WHERE registration_id = $1", [registrationId]);
    await db.query("UPDATE registration_steps SET draft_saved_at = now() - interval '1 hour' WHERE registration_id = $1", [registrationId]);
  };

  it.skipIf(!available)('keeps every byte of a file as bytea (it crosses as base64), and reads back chunks written as bytea', async () => {
    const id = await createRegistration(db);
    const bytes = new Uint8Array(randomBytes(CHUNK_BYTES + 300));
    bytes.set(Uint8Array.from({ length: 256 }, (_, i) => i), 10); // every byte value
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const asset = await insertAsset(db, { registrationId: id, kind: 'logo', fileName: 'x.png', contentType: 'image/png', byteSize: bytes.byteLength, width: 1, height: 1, sha256, bytes });
    // Stored as the bytes themselves, not as their base64 text.
    const stored = await db.query<{ size: number; digest: string }>(
      "SELECT sum(octet_length(bytes))::int AS size, encode(sha256(string_agg(bytes, ''::bytea ORDER BY seq)), 'hex') AS digest FROM asset_chunks WHERE asset_id = $1",
      [asset.id],
    );
    expect(stored[0]).toEqual({ size: bytes.byteLength, digest: sha256 });
    expect(Buffer.from((await getAssetBytes(db, asset.id))!.bytes).equals(Buffer.from(bytes))).toBe(true);
    // A chunk written as a bytea parameter (before this change) reads back the same.
    const old = await insertAsset(db, { registrationId: id, kind: 'logo', fileName: 'y.png', contentType: 'image/png', byteSize: 3, width: 1, height: 1, sha256: 'x', bytes: new Uint8Array([9, 9, 9]) });
    await db.query('UPDATE asset_chunks SET bytes = $2 WHERE asset_id = $1', [old.id, new Uint8Array([0, 255, 10])]);
    expect(Array.from((await getAssetBytes(db, old.id))!.bytes)).toEqual([0, 255, 10]);
  });

  it.skipIf(!available)('deletes files no draft uses and Banqup does not hold, after their grace period', async () => {
    const id = await createRegistration(db);
    const inDraft = await upload(id, 10);
    const logo = await upload(id, 10);
    const sent = await upload(id, 10);
    const replaced = await upload(id, 10);
    await saveDraft(db, id, 4, { media: [{ assetId: inDraft.id }] });
    await saveDraft(db, id, 3, { logoAssetId: logo.id });
    await db.query(`INSERT INTO ledger_items (registration_id, step, item_key, label, fingerprint, match, outcome) VALUES ($1, 4, 'media:1', 'x', 'f', $2::jsonb, 'accepted')`, [
      id,
      JSON.stringify({ displayOrder: 1, sha256: sent.sha256 }),
    ]);
    expect(await deleteUnusedAssets(db, id)).toBe(0); // within the grace period: kept
    await db.query("UPDATE assets SET created_at = now() - interval '1 hour' WHERE registration_id = $1", [id]);
    expect(await deleteUnusedAssets(db, id)).toBe(0); // the media step was saved a moment ago: kept
    await age(id);
    expect(await deleteUnusedAssets(db, id)).toBe(1);
    expect((await listAssets(db, id)).map((asset) => asset.id).sort()).toEqual([inDraft.id, logo.id, sent.id].sort());
    expect((await listAssets(db, id)).some((asset) => asset.id === replaced.id)).toBe(false);
  });

  it.skipIf(!available)('keeps a registration under its quota, counting what it no longer uses only until it is deleted', async () => {
    const id = await createRegistration(db);
    const first = await upload(id, 3 * MB);
    await saveDraft(db, id, 4, { media: [{ assetId: first.id }] });
    expect(await checkQuota(db, id, 2 * MB, 5 * MB)).toEqual({ ok: true });
    await upload(id, 2 * MB); // uploaded, never put in a draft
    const refused = await checkQuota(db, id, 1 * MB, 5 * MB);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/already keeps 5\.0 MB of files.*limit of 5\.0 MB/) });
    await age(id);
    expect(await checkQuota(db, id, 1 * MB, 5 * MB)).toEqual({ ok: true }); // the unused 2 MB were deleted
    expect(await storedBytes(db, id)).toBe(3 * MB);
  });
});

describe.each(DRIVERS)('uploads per client and per registration on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('allows 30 a minute, then says how long to wait; counted in the database', async () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    const at = (ms: number) => new Date(now + ms);
    const registrationId = randomUUID();
    for (let i = 0; i < 30; i++) expect(await takeUploadSlot(db, { client: '10.0.0.1', registrationId }, 30, at(i))).toEqual({ ok: true });
    expect(await takeUploadSlot(db, { client: '10.0.0.1', registrationId: randomUUID() }, 30, at(100))).toEqual({ ok: false, retryAfterMs: 59_900 });
    // Another client, the same registration: the registration's bucket is full too.
    expect(await takeUploadSlot(db, { client: '10.0.0.2', registrationId }, 30, at(100))).toEqual({ ok: false, retryAfterMs: 59_900 });
    // Neither refusal used up anything: 10.0.0.2 may upload to another registration.
    expect(await takeUploadSlot(db, { client: '10.0.0.2', registrationId: randomUUID() }, 30, at(100))).toEqual({ ok: true });
    expect(await takeUploadSlot(db, { client: '10.0.0.1', registrationId }, 30, at(60_001))).toEqual({ ok: true });
  });
});
