/**
 * Housekeeping in the database, on PGlite and PostgreSQL: archive and restore, the list without
 * (or with only) archived registrations, its paging and search, and the copy that starts the
 * next version (what it takes and what it leaves).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from '@/lib/db/db';
import { listLedger, recordOutcome, recordSending } from '@/lib/wizard/ledger';
import { startNextVersion } from './next-version';
import {
  ARCHIVED_MESSAGE,
  archiveRegistration,
  archivedRefusal,
  countByStatus,
  createRegistration,
  getAssetBytes,
  getDraft,
  getRegistration,
  getSecret,
  insertAsset,
  listAssets,
  listRegistrations,
  REGISTRATIONS_PAGE,
  restoreRegistration,
  saveDraft,
  setSecret,
  updateIdentity,
} from './repository';

const ACTOR = { id: 'ann@example.com', name: 'Ann' };
const APPLICATION_ID = '6f1c3a52-1d8e-4b6a-9f0e-3c2b1a0d9e8f';

describe.each(DRIVERS)('housekeeping on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  async function named(label: string, seconds: number) {
    const id = await createRegistration(db);
    await db.query('UPDATE registrations SET name = $2, updated_at = now() + make_interval(secs => $3) WHERE id = $1', [id, label, seconds]);
    return id;
  }

  it.skipIf(!available)('archives and restores: out of the default list, under Archived, back as it was', async () => {
    const id = await named('Archive me', 1);
    expect(await getRegistration(db, id)).toMatchObject({ archivedAt: null, archivedBy: null });
    expect(await archivedRefusal(db, id)).toBeUndefined();

    expect(await archiveRegistration(db, id, ACTOR)).toBe(true);
    expect(await archiveRegistration(db, id, ACTOR)).toBe(false);
    expect(await getRegistration(db, id)).toMatchObject({ archivedAt: expect.any(Date), archivedBy: 'Ann', status: 'in_progress' });
    expect(await archivedRefusal(db, id)).toBe(ARCHIVED_MESSAGE);
    expect((await listRegistrations(db, { search: 'Archive me' })).rows).toEqual([]);
    expect((await listRegistrations(db, { search: 'Archive me', archived: true })).rows.map((r) => r.id)).toEqual([id]);

    expect(await restoreRegistration(db, id)).toBe(true);
    expect(await restoreRegistration(db, id)).toBe(false);
    expect(await getRegistration(db, id)).toMatchObject({ archivedAt: null, archivedBy: null });
    expect((await listRegistrations(db, { search: 'Archive me' })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listRegistrations(db, { search: 'Archive me', archived: true })).rows).toEqual([]);
    expect(await archivedRefusal(db, '2aa7c756-6d55-44b6-9b60-06212611cfd6')).toMatch(/does not exist/);
  });

  it.skipIf(!available)('pages and searches in SQL with archived rows among them, and counts them apart', async () => {
    const label = `Mixed ${Math.random().toString(36).slice(2, 8)}`;
    const ids: string[] = [];
    // 60 registrations, every third archived: 40 listed, 20 archived.
    for (let i = 0; i < 60; i++) ids.push(await named(`${label} ${i}`, 100 + i));
    for (const [i, id] of ids.entries()) if (i % 3 === 0) await archiveRegistration(db, id, ACTOR);
    const before = await countByStatus(db);

    const listed = await listRegistrations(db, { search: label });
    expect(listed.rows).toHaveLength(40);
    expect(listed.hasMore).toBe(false);
    expect(listed.rows.every((row) => row.archivedAt === null)).toBe(true);
    const archived = await listRegistrations(db, { search: label, archived: true });
    expect(archived.rows).toHaveLength(20);
    expect(archived.rows[0]?.name).toBe(`${label} 57`);
    expect(archived.rows.every((row) => row.archivedAt !== null)).toBe(true);
    expect((await listRegistrations(db, { search: label, status: 'in_progress', archived: true })).rows).toHaveLength(20);
    expect(await listRegistrations(db, { search: label, status: 'published' })).toMatchObject({ rows: [] });

    // 80 more listed: the list pages by REGISTRATIONS_PAGE over the listed ones only.
    for (let i = 0; i < 80; i++) await named(`${label} more ${i}`, 300 + i);
    const first = await listRegistrations(db, { search: label });
    const second = await listRegistrations(db, { search: label, page: 2 });
    const third = await listRegistrations(db, { search: label, page: 3 });
    expect([first.rows.length, second.rows.length, third.rows.length]).toEqual([REGISTRATIONS_PAGE, REGISTRATIONS_PAGE, 20]);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
    expect(new Set([...first.rows, ...second.rows, ...third.rows].map((row) => row.id)).size).toBe(120);
    expect([...first.rows, ...second.rows, ...third.rows].some((row) => row.archivedAt !== null)).toBe(false);

    const after = await countByStatus(db);
    expect(after.archived).toBe(before.archived);
    expect(after.byStatus.in_progress).toBe((before.byStatus.in_progress ?? 0) + 80);
    expect(before.archived).toBeGreaterThanOrEqual(20);
  });

  /** A registration as if sent: steps 1–9 drafted, a logo and two media stored, a ledger. */
  async function sentRegistration() {
    const id = await named('Purchase app', 500);
    await updateIdentity(db, id, { name: 'Purchase app', namespace: 'purchase_app', applicationId: APPLICATION_ID });
    const file = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n, n, n]);
    const asset = (kind: 'logo' | 'media', n: number) =>
      insertAsset(db, { registrationId: id, kind, fileName: `${kind}-${n}.png`, contentType: 'image/png', byteSize: 7, width: 512, height: 512, sha256: `sha-${n}`, bytes: file(n) });
    const logo = await asset('logo', 1);
    const media = [await asset('media', 2), await asset('media', 3)];
    await asset('media', 9); // uploaded, no longer used: not copied
    await saveDraft(db, id, 1, { name: 'Purchase app', namespace: 'purchase_app', identity: 'entity', ownerEntityId: APPLICATION_ID, developerPortalAppId: '', applicationId: APPLICATION_ID });
    await saveDraft(db, id, 2, { locales: [{ locale: 'en-GB', displayName: 'Purchase', shortDescription: 'Buy', description: 'Buy things' }] });
    await saveDraft(db, id, 3, { logoAssetId: logo.id });
    await saveDraft(db, id, 4, { media: media.map((m) => ({ assetId: m.id })) });
    await saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
    await saveDraft(db, id, 9, { version: '1.2.0', releaseNote: 'First', releaseDate: '2026-01-01T00:00:00Z', authorizationHeader: '' });
    await setSecret(db, id, 'appCallbacks.authorizationHeader', 'Bearer s3cret-callback');
    const ledger = async (step: number, itemKey: string, outcome: 'accepted' | 'refused' | 'unknown', resolution?: 'present' | 'absent' | 'resent') => {
      const ledgerId = await recordSending(db, { registrationId: id, step, itemKey, label: itemKey, fingerprint: `fp-${itemKey}`, match: {} });
      await recordOutcome(db, ledgerId!, { outcome, remoteId: itemKey === 'media:1' ? 'remote-media-1' : null });
      if (resolution) await db.query('UPDATE ledger_items SET resolution = $2 WHERE id = $1', [ledgerId!, resolution]);
      return ledgerId!;
    };
    await ledger(1, 'draft', 'accepted');
    await ledger(2, 'locale:en-GB', 'accepted');
    await ledger(3, 'logo', 'accepted');
    await ledger(4, 'media:1', 'accepted');
    await ledger(4, 'media:2', 'unknown', 'present');
    await ledger(8, 'location:BE', 'accepted');
    await ledger(8, 'location:NL', 'unknown');
    await ledger(8, 'location:FR', 'refused');
    await ledger(8, 'location:DE', 'unknown', 'absent');
    await ledger(9, 'version:1.2.0', 'accepted');
    return { id, logo, media };
  }

  it.skipIf(!available)('starts the next version: drafts, files and what Banqup holds copied; no secret, no refused item, an empty version', async () => {
    const { id: sourceId, logo, media } = await sentRegistration();
    const result = await startNextVersion(db, sourceId, ACTOR, new Date('2026-11-27T10:00:00.123Z'));
    expect(result).toMatchObject({ ok: true, copied: { steps: 6, assets: 3, ledger: 8 } });
    if (!result.ok) return;
    const id = result.id;

    expect(await getRegistration(db, id)).toMatchObject({
      name: 'Purchase app',
      namespace: 'purchase_app',
      applicationId: APPLICATION_ID,
      status: 'in_progress',
      previousRegistrationId: sourceId,
      nextRegistrationId: null,
      archivedAt: null,
    });
    expect(await getRegistration(db, sourceId)).toMatchObject({ nextRegistrationId: id });
    // Steps 1, 2 and 8 as they were; 3 and 4 with the copies of their files; 9 with no version.
    for (const step of [1, 2, 8]) expect((await getDraft(db, id, step))?.draft).toEqual((await getDraft(db, sourceId, step))?.draft);
    const assets = await listAssets(db, id);
    expect(assets.map((a) => a.fileName).sort()).toEqual(['logo-1.png', 'media-2.png', 'media-3.png']);
    const copiedLogo = assets.find((a) => a.kind === 'logo')!;
    expect(copiedLogo.id).not.toBe(logo.id);
    expect((await getDraft(db, id, 3))?.draft).toEqual({ logoAssetId: copiedLogo.id });
    const mediaDraft = (await getDraft(db, id, 4))?.draft as { media: { assetId: string }[] };
    expect(mediaDraft.media.map((m) => assets.find((a) => a.id === m.assetId)?.sha256)).toEqual(media.map((m) => m.sha256));
    expect((await getAssetBytes(db, copiedLogo.id))?.bytes).toEqual((await getAssetBytes(db, logo.id))?.bytes);
    expect((await getDraft(db, id, 9))?.draft).toEqual({ version: '', releaseNote: 'First', releaseDate: '2026-11-27T10:00:00Z', authorizationHeader: '' });

    // The secret stays behind: it must be typed again.
    expect(await getSecret(db, id, 'appCallbacks.authorizationHeader')).toBeUndefined();
    // What Banqup holds or may hold, in order; nothing refused or found absent.
    const ledger = await listLedger(db, id);
    expect(ledger.map((entry) => [entry.step, entry.itemKey, entry.outcome, entry.resolution])).toEqual([
      [1, 'draft', 'accepted', null],
      [2, 'locale:en-GB', 'accepted', null],
      [3, 'logo', 'accepted', null],
      [4, 'media:1', 'accepted', null],
      [4, 'media:2', 'unknown', 'present'],
      [8, 'location:BE', 'accepted', null],
      [8, 'location:NL', 'unknown', null],
      [9, 'version:1.2.0', 'accepted', null],
    ]);
    expect(ledger.find((entry) => entry.itemKey === 'media:1')?.remoteId).toBe('remote-media-1');
    // The source's ledger is untouched.
    expect(await listLedger(db, sourceId)).toHaveLength(10);
    // One change, by the person who started it.
    expect(await db.query('SELECT actor_name FROM registration_changes WHERE registration_id = $1', [id])).toEqual([{ actor_name: 'Ann' }]);
  });

  it.skipIf(!available)('starts one next version per registration, only with an applicationId, never during a send', async () => {
    const { id: sourceId } = await sentRegistration();
    const first = await startNextVersion(db, sourceId, ACTOR);
    expect(first.ok).toBe(true);
    expect(await startNextVersion(db, sourceId, ACTOR)).toMatchObject({ ok: false, reason: 'exists', existingId: first.ok ? first.id : '' });
    // The next one is started from the next version.
    if (first.ok) expect(await startNextVersion(db, first.id, ACTOR)).toMatchObject({ ok: true });

    const blank = await createRegistration(db);
    expect(await startNextVersion(db, blank, ACTOR)).toMatchObject({ ok: false, reason: 'no-application' });
    expect(await startNextVersion(db, '2aa7c756-6d55-44b6-9b60-06212611cfd6', ACTOR)).toMatchObject({ ok: false, reason: 'missing' });

    const { id: busy } = await sentRegistration();
    await recordSending(db, { registrationId: busy, step: 8, itemKey: 'location:LU', label: 'LU', fingerprint: 'x', match: {} });
    expect(await startNextVersion(db, busy, ACTOR)).toMatchObject({ ok: false, reason: 'sending' });
  });

  it.skipIf(!available)('starts the next version of an archived registration (the copy is not archived)', async () => {
    const { id: sourceId } = await sentRegistration();
    await archiveRegistration(db, sourceId, ACTOR);
    const next = await startNextVersion(db, sourceId, ACTOR);
    expect(next.ok).toBe(true);
    if (next.ok) expect(await getRegistration(db, next.id)).toMatchObject({ archivedAt: null, previousRegistrationId: sourceId });
  });
});
