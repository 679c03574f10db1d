import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBanqupClient } from '@/lib/banqup/client';
import { createTokenProvider } from '@/lib/banqup/token';
import * as repo from '@/lib/registration/repository';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { lastSentVersion, loadWizard, sendStep, stepStatuses } from './service';
import { versionStepDefaults } from './step-schemas';

let sandbox: RunningSandbox;
let client: ReturnType<typeof createBanqupClient>;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = createBanqupClient({ baseUrl: sandbox.apiUrl, tokens: createTokenProvider({ kind: 'static', token: 'sandbox-token' }), timeoutMs: 5_000, maxAttempts: 2, sleep: async () => undefined });
});
afterAll(async () => sandbox.close());

/** A registration with an applicationId, in the sandbox's own database (one database for both, as in the app). */
async function registration() {
  const db = sandbox.db;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  return { db, id, applicationId };
}

async function send(id: string, step: number) {
  const wizard = await loadWizard(sandbox.db, id);
  if (!wizard) throw new Error('no wizard');
  return sendStep(sandbox.db, client, wizard, step);
}

const status = async (id: string, step: number) => {
  const wizard = await loadWizard(sandbox.db, id);
  return (await stepStatuses(sandbox.db, wizard!)).find((s) => s.step === step);
};

describe('sending a step', () => {
  it('locks steps 2–9 until the applicationId is known', async () => {
    const id = await repo.createRegistration(sandbox.db);
    expect((await status(id, 5))?.state).toBe('locked');
    expect((await send(id, 5)).ok).toBe(false);
  });

  it('moves a step through draft → sent → changed → sent, resending only the changed item', async () => {
    const { db, id, applicationId } = await registration();
    expect((await status(id, 8))?.state).toBe('not_started');
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL'] });
    expect((await status(id, 8))?.state).toBe('draft');
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 2 });
    expect((await status(id, 8))).toMatchObject({ state: 'sent', sentCount: 2, pendingCount: 0 });

    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'FR'] });
    expect((await status(id, 8))).toMatchObject({ state: 'changed', pendingCount: 1 });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 1, unchanged: 2 });
    expect(await send(id, 8)).toMatchObject({ ok: true, sent: 0, message: 'Nothing changed since the last send.' });

    const journal = await repo.listApiCalls(db, id);
    expect(journal.map((c) => c.itemKey).sort()).toEqual(['location:BE', 'location:FR', 'location:NL']);
    const held = (await sandbox.read(applicationId)) as { locations: { writes: number }[] };
    expect(held.locations.map((l) => l.writes)).toEqual([1, 1, 1]);
  });

  it('after a partial failure, records the failure and resends only what failed', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS', 'PARTNER'] });
    await sandbox.fault({ path: '/spaceTypes', status: 422, times: 1 });
    const first = await send(id, 5);
    expect(first).toMatchObject({ ok: false, sent: 1 });
    if (!first.ok) expect(first.failed).toHaveLength(1);
    expect((await status(id, 5))?.state).toBe('failed');
    const second = await send(id, 5);
    expect(second).toMatchObject({ ok: true, sent: 1, unchanged: 1 });
    expect((await status(id, 5))?.state).toBe('sent');
  });

  it('maps API field errors onto the form, per item, with the request id for Support', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 2, {
      locales: [
        { locale: 'en-GB', displayName: 'A', shortDescription: 'B', description: 'C' },
        { locale: 'fr-BE', displayName: 'D', shortDescription: 'E', description: 'F' },
      ],
    });
    // A Banqup-style 400 with a field error on displayName, for one of the two calls.
    await sandbox.fault({ path: '/infoLocalizations', status: 400, style: 'banqup', detail: 'displayName is reserved', errors: [{ field: 'displayName', message: 'is reserved' }] });
    const result = await send(id, 2);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failedIndex = result.failed[0]?.key === 'locale:en-GB' ? 0 : 1;
    expect(result.fieldErrors).toEqual({ [`locales.${failedIndex}.displayName`]: ['is reserved'] });
    expect(result.failed[0]?.message).toMatch(/400 Bad Request: displayName is reserved/);
    expect(result.failed[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to send a version that is not higher than the last one sent', async () => {
    const { db, id } = await registration();
    const values = { ...versionStepDefaults(), serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002' };
    await repo.saveDraft(db, id, 9, values);
    expect((await send(id, 9)).ok).toBe(true);
    expect(lastSentVersion((await loadWizard(db, id))!)).toBe('1.0.0');
    await repo.saveDraft(db, id, 9, { ...values, releaseNote: 'changed' });
    const refused = await send(id, 9);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { version: [expect.stringMatching(/greater than 1.0.0/)] } });
    await repo.saveDraft(db, id, 9, { ...values, version: '1.0.1', releaseNote: 'changed' });
    expect((await send(id, 9)).ok).toBe(true);
  });

  it('refuses a second send of the same step while one is under way', async () => {
    const { db, id } = await registration();
    await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
    await sandbox.fault({ path: '/brands', delayMs: 400 });
    const [a, b] = await Promise.all([send(id, 7), new Promise((r) => setTimeout(r, 100)).then(() => send(id, 7))]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    if (!refused.ok) expect(refused.message).toMatch(/being sent from another tab/);
  });
});
