/**
 * "Start the next version from this one" against the sandbox as Banqup: the copy knows what
 * Banqup holds, so its sends post only what changed (Banqup keeps every duplicate for good),
 * step 9 needs a higher version, and the registration it came from sends nothing more.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '@/e2e/support/images';
import * as repo from '@/lib/registration/repository';
import { sandboxClient, startSandbox, type RunningSandbox } from '@/test/sandbox';
import { loadWizard, sendStep, stepStatuses, wizardStatus } from '@/lib/wizard/service';
import { AUTHORIZATION_HEADER_SECRET } from '@/lib/wizard/steps/9-version/schema';
import { lastSentVersion } from '@/lib/wizard/steps/9-version/versions';
import { sendEverything } from '@/lib/wizard/send-all';
import { versionStepDefaults } from '@/lib/wizard/steps/9-version/schema';
import { startNextVersion } from './next-version';

let sandbox: RunningSandbox;
let client: ReturnType<typeof sandboxClient>;
const ACTOR = { id: 'ann@example.com', name: 'Ann' };
const SERVICE_ACCOUNT = 'f47c5440-89cb-11ee-b9d1-0242ac120002';

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(async () => sandbox.close());

const send = async (id: string, step: number, confirm?: string) => {
  const wizard = await loadWizard(sandbox.db, id);
  if (!wizard) throw new Error('no wizard');
  return sendStep(sandbox.db, client, wizard, step, { confirm, actor: ACTOR });
};

const statusesOf = async (id: string) => {
  const wizard = await loadWizard(sandbox.db, id);
  return Object.fromEntries((await stepStatuses(sandbox.db, wizard!)).map((status) => [status.step, status.state]));
};

type Held = {
  infoLocalizations: unknown[];
  logo: { writes: number } | null;
  medias: { displayOrder: number }[];
  spaceTypes: unknown[];
  spaceSegments: unknown[];
  brands: unknown[];
  locations: { countryCode: string }[];
  versions: { version: string }[];
};
const held = async (applicationId: string) => (await sandbox.read(applicationId)) as unknown as Held;
const counts = (h: Held) => ({
  infoLocalizations: h.infoLocalizations.length,
  logoWrites: h.logo?.writes ?? 0,
  medias: h.medias.length,
  spaceTypes: h.spaceTypes.length,
  spaceSegments: h.spaceSegments.length,
  brands: h.brands.length,
  locations: h.locations.length,
  versions: h.versions.length,
});

async function upload(registrationId: string, kind: 'logo' | 'media', color: [number, number, number]) {
  const bytes = kind === 'logo' ? makePng(512, 512, color) : makePng(1600, 900, color);
  return repo.insertAsset(sandbox.db, {
    registrationId,
    kind,
    fileName: `${kind}-${color.join('-')}.png`,
    contentType: 'image/png',
    byteSize: bytes.byteLength,
    width: kind === 'logo' ? 512 : 1600,
    height: kind === 'logo' ? 512 : 900,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: new Uint8Array(bytes),
  });
}

/** A registration whose steps 2–9 were all sent to the sandbox. */
async function sentRegistration() {
  const db = sandbox.db;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft('Purchase app');
  await repo.updateIdentity(db, id, { name: 'Purchase app', namespace: 'purchase_app', applicationId });
  await repo.saveDraft(db, id, 1, { name: 'Purchase app', namespace: 'purchase_app', identity: 'entity', ownerEntityId: SERVICE_ACCOUNT, developerPortalAppId: '', applicationId });
  const logo = await upload(id, 'logo', [10, 20, 30]);
  const media = [await upload(id, 'media', [1, 2, 3]), await upload(id, 'media', [4, 5, 6])];
  await repo.saveDraft(db, id, 2, {
    locales: [
      { locale: 'en-GB', displayName: 'Purchase', shortDescription: 'Buy', description: 'Buy things at work.' },
      { locale: 'fr-BE', displayName: 'Achats', shortDescription: 'Acheter', description: 'Acheter au travail.' },
    ],
  });
  await repo.saveDraft(db, id, 3, { logoAssetId: logo.id });
  await repo.saveDraft(db, id, 4, { media: media.map((m) => ({ assetId: m.id })) });
  await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] });
  await repo.saveDraft(db, id, 6, { spaceSegments: ['ALL'] });
  await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
  await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
  await repo.saveDraft(db, id, 9, {
    ...versionStepDefaults(),
    version: '1.0.0',
    serviceAccount: SERVICE_ACCOUNT,
    appCallbacks: { ...versionStepDefaults().appCallbacks, addUrl: 'https://purchase.example/add' },
  });
  await repo.setSecret(db, id, AUTHORIZATION_HEADER_SECRET, 'Bearer callback-s3cret');
  for (let step = 2; step <= 9; step++) expect(await send(id, step), `step ${step}`).toMatchObject({ ok: true });
  return { id, applicationId };
}

describe('the next version, against the sandbox', () => {
  it('knows what Banqup holds: nothing is sent again, unchanged steps read Sent, step 9 needs a higher version', async () => {
    const { id: sourceId, applicationId } = await sentRegistration();
    const before = counts(await held(applicationId));
    expect(before).toEqual({ infoLocalizations: 2, logoWrites: 1, medias: 2, spaceTypes: 1, spaceSegments: 1, brands: 1, locations: 2, versions: 1 });

    const next = await startNextVersion(sandbox.db, sourceId, ACTOR);
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    const id = next.id;

    // Steps 1–8 read Sent in the copy; step 9 waits for its new version.
    const statuses = await statusesOf(id);
    expect(statuses).toMatchObject({ 1: 'sent', 2: 'sent', 3: 'sent', 4: 'sent', 5: 'sent', 6: 'sent', 7: 'sent', 8: 'sent' });
    expect(statuses[9]).not.toBe('sent');
    const wizard = await loadWizard(sandbox.db, id);
    expect(lastSentVersion(wizard!.ledger)).toBe('1.0.0');
    // The At Banqup view of the copy lists what the first registration sent.
    const view = await wizardStatus(sandbox.db, wizard!);
    expect(view.atBanqup.find((step) => step.step === 8)?.held.map((item) => item.key)).toEqual(['location:BE', 'location:NL']);
    expect(view.atBanqup.find((step) => step.step === 4)?.held).toHaveLength(2);
    expect(view.atBanqup.find((step) => step.step === 9)?.held.map((item) => item.label)).toEqual(['version 1.0.0']);

    // Sending every unchanged step posts nothing.
    for (let step = 2; step <= 8; step++) expect(await send(id, step), `step ${step}`).toMatchObject({ ok: true, sent: 0 });
    expect(await sendEverything(sandbox.db, client, id, { actor: ACTOR, concurrency: 3 })).toMatchObject({ ok: true });
    expect(counts(await held(applicationId))).toEqual(before);
    expect(await repo.listApiCalls(sandbox.db, id)).toEqual([]);

    // Only the change goes out: one more country.
    await repo.saveDraft(sandbox.db, id, 8, { countries: ['BE', 'NL', 'FR'] });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 1, unchanged: 2 });
    expect((await held(applicationId)).locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'FR', 'NL']);

    // Step 9: the same version again is refused before any call; a higher one goes out.
    const draft9 = (await repo.getDraft(sandbox.db, id, 9))?.draft as Record<string, unknown>;
    expect(draft9).toMatchObject({ version: '', serviceAccount: SERVICE_ACCOUNT, authorizationHeader: '' });
    expect(await repo.getSecret(sandbox.db, id, AUTHORIZATION_HEADER_SECRET)).toBeUndefined();
    await repo.saveDraft(sandbox.db, id, 9, { ...draft9, version: '1.0.0' });
    expect(await send(id, 9)).toMatchObject({ ok: false, fieldErrors: { version: ['Must be greater than 1.0.0, the last version sent'] } });
    await repo.saveDraft(sandbox.db, id, 9, { ...draft9, version: '1.1.0' });
    expect(await send(id, 9)).toMatchObject({ ok: true, sent: 1 });
    const after = await held(applicationId);
    expect(after.versions.map((v) => v.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(counts(after)).toEqual({ ...before, locations: 3, versions: 2 });
  });

  it('keeps "may have arrived" items blocked in the copy: they are not sent until checked', async () => {
    const { id: sourceId, applicationId } = await sentRegistration();
    await repo.saveDraft(sandbox.db, sourceId, 8, { countries: ['BE', 'NL', 'LU'] });
    await sandbox.fault({ path: '/locations', status: 504, after: true, times: 1 });
    const uncertain = await send(sourceId, 8);
    expect(uncertain.ok).toBe(false);
    const next = await startNextVersion(sandbox.db, sourceId, ACTOR);
    if (!next.ok) throw new Error(next.message);
    expect((await statusesOf(next.id))[8]).toBe('unknown');
    expect(await send(next.id, 8)).toMatchObject({ ok: false, failed: [expect.objectContaining({ key: 'location:LU', unknown: true })] });
    expect((await held(applicationId)).locations.filter((l) => l.countryCode === 'LU')).toHaveLength(1);
  });

  it('the registration it came from sends nothing more; an archived one sends nothing', async () => {
    const { id: sourceId } = await sentRegistration();
    const next = await startNextVersion(sandbox.db, sourceId, ACTOR);
    if (!next.ok) throw new Error(next.message);
    await repo.saveDraft(sandbox.db, sourceId, 8, { countries: ['BE', 'NL', 'DE'] });
    expect(await send(sourceId, 8)).toMatchObject({ ok: false, message: expect.stringMatching(/^The next version was started from this registration/) });
    expect(await sendEverything(sandbox.db, client, sourceId, { actor: ACTOR, concurrency: 3 })).toMatchObject({ ok: false });

    await repo.archiveRegistration(sandbox.db, next.id, ACTOR);
    await repo.saveDraft(sandbox.db, next.id, 8, { countries: ['BE', 'NL', 'DE'] });
    expect(await send(next.id, 8)).toMatchObject({ ok: false, message: repo.ARCHIVED_MESSAGE });
    expect(await sendEverything(sandbox.db, client, next.id, { actor: ACTOR, concurrency: 3 })).toMatchObject({ ok: false, message: repo.ARCHIVED_MESSAGE });
    await repo.restoreRegistration(sandbox.db, next.id);
    expect(await send(next.id, 8)).toMatchObject({ ok: true, sent: 1 });
  });
});
