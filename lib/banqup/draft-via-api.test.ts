/**
 * The server action `createDraftAppViaApi` (lib/wizard/steps/1-draft-app/actions.ts), end to end below
 * the browser: the app configured against a sandbox as its "real" API, an in-memory
 * database, every attempt journaled, the id saved into step 1, nothing secret returned.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appAgainstSandbox } from '@/test/app-against-sandbox';

const OWNER = 'f47c5440-89cb-11ee-b9d1-0242ac120002';
const VALUES = { name: 'Purchase app', namespace: 'purchase_app', identity: 'entity', ownerEntityId: OWNER, developerPortalAppId: '', applicationId: '' };

const app = appAgainstSandbox();
let registrationId: string;
const globals = globalThis as Record<string, unknown>;

beforeEach(async () => {
  await app.sandbox.clearFaults();
  registrationId = await app.repo.createRegistration(app.db);
});

describe('createDraftAppViaApi', () => {
  it('creates the draft, saves its id as the applicationId of step 1, and journals the call', async () => {
    const result = await app.actions.createDraftAppViaApi(registrationId, VALUES, 0);
    // Revision 1: what was typed, saved before the call; revision 2: with the id Banqup answered.
    expect(result).toEqual({ ok: true, applicationId: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 2 });
    if (!result.ok) return;
    expect((await app.repo.getRegistration(app.db, registrationId))?.applicationId).toBe(result.applicationId);
    expect((await app.repo.getDraft(app.db, registrationId, 1))?.draft).toMatchObject({ ...VALUES, applicationId: result.applicationId });
    const journal = await app.repo.listApiCalls(app.db, registrationId);
    expect(journal).toEqual([
      expect.objectContaining({ step: 1, itemKey: 'draft', method: 'POST', path: '/servicemngmt/v2/applications', status: 201, attempt: 1, error: null }),
    ]);
    expect(journal[0]?.request).toEqual({ name: 'Purchase app', namespace: 'purchase_app', ownerEntityId: OWNER, functionalType: 'APPLICATION', audienceType: 'PUBLIC' });
    // The sandbox accepts the id as any Support draft's.
    expect((await app.sandbox.read(result.applicationId)).application).toMatchObject({ id: result.applicationId, status: 'DRAFT' });
    expect(JSON.stringify([result, journal])).not.toContain('sandbox-token');
  });

  it.each([403, 404, 405])('a %i means this environment needs the Support route', async (status) => {
    await app.sandbox.fault({ path: '/v2/applications', status, style: 'banqup', times: 1 });
    const result = await app.actions.createDraftAppViaApi(registrationId, VALUES, 0);
    expect(result).toMatchObject({ ok: false, needsSupport: true, status, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    if (!result.ok) expect(result.message).toMatch(/^It does not create drafts through the API \(\d{3} [A-Za-z ]+: .+[^.]\)\. Send the request to Banqup Support instead\.$/);
    expect(await app.repo.listApiCalls(app.db, registrationId)).toEqual([expect.objectContaining({ step: 1, itemKey: 'draft', status })]);
    expect((await app.repo.getRegistration(app.db, registrationId))?.applicationId).toBeNull();
  });

  it("puts Banqup's field errors on the form's fields, with its detail and request id", async () => {
    await app.sandbox.fault({ path: '/v2/applications', status: 409, style: 'banqup', detail: 'The namespace is taken', errors: [{ field: 'namespace', message: 'Already used by another application' }] });
    const result = await app.actions.createDraftAppViaApi(registrationId, VALUES, 0);
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { namespace: ['Already used by another application'] } });
    if (result.ok) return;
    expect(result.needsSupport).toBeUndefined();
    expect(result.message).toBe('Banqup did not create the draft: 409 Conflict: The namespace is taken');
    expect(result.requestId).toBeTruthy();
  });

  it('a timeout says the draft may exist, and is not resent', async () => {
    await app.sandbox.fault({ path: '/v2/applications', delayMs: 2_000, status: 503 });
    const { createBanqupClient } = await import('./client');
    const { getBanqupClient } = await import('.');
    // The process's client was built with the default timeout: rebuild it with a short one.
    globals.__banqupClient = createBanqupClient({ ...getBanqupClient().options, timeoutMs: 300 });
    try {
      const result = await app.actions.createDraftAppViaApi(registrationId, VALUES, 0);
      expect(result).toMatchObject({ ok: false });
      if (!result.ok) expect(result.message).toMatch(/may have been created all the same/);
      expect(await app.repo.listApiCalls(app.db, registrationId)).toHaveLength(1);
    } finally {
      delete globals.__banqupClient;
      await app.sandbox.clearFaults();
    }
  });

  it('without an ownerEntityId it points to Support without calling Banqup', async () => {
    const result = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, identity: 'portal', ownerEntityId: '', developerPortalAppId: OWNER }, 0);
    expect(result).toMatchObject({ ok: false, needsSupport: true });
    expect(await app.repo.listApiCalls(app.db, registrationId)).toEqual([]);
  });

  it('validates its arguments', async () => {
    expect(await app.actions.createDraftAppViaApi('not-a-uuid', VALUES, 0)).toEqual({ ok: false, message: 'Invalid request.' });
    expect(await app.actions.createDraftAppViaApi(registrationId, VALUES, -1)).toEqual({ ok: false, message: 'Invalid request.' });
    const invalid = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace: 'purchase\napp' }, 0);
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { namespace: [expect.any(String)] } });
    expect(await app.actions.createDraftAppViaApi(registrationId, null, 0)).toMatchObject({ ok: false });
    expect(await app.actions.createDraftAppViaApi('2aa7c756-6d55-44b6-9b60-06212611cfd6', VALUES, 0)).toEqual({ ok: false, message: 'This registration does not exist (any more).' });
    expect(await app.repo.listApiCalls(app.db, registrationId)).toEqual([]);
  });

  it('finds a conflict with another tab before anything is sent: no draft is created', async () => {
    await app.repo.saveDraft(app.db, registrationId, 1, VALUES, 0); // another tab saved revision 1
    const result = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace: 'conflict_app' }, 0);
    expect(result).toMatchObject({ ok: false, conflict: { revision: 1 } });
    expect(await app.repo.listApiCalls(app.db, registrationId)).toEqual([]);
    expect(await countDrafts('conflict_app')).toBe(0);
  });

  it('a failed create leaves what was typed saved: a reload shows it', async () => {
    await app.sandbox.fault({ path: '/v2/applications', status: 400, style: 'banqup', detail: 'ownerEntityId unknown' });
    const typed = { ...VALUES, name: 'Typed then refused', namespace: 'com.unifiedpost.btx' };
    const result = await app.actions.createDraftAppViaApi(registrationId, typed, 0);
    expect(result).toMatchObject({ ok: false, revision: 1 });
    expect((await app.repo.getDraft(app.db, registrationId, 1))?.draft).toEqual(typed);
  });

  it('five concurrent clicks create one draft at Banqup', async () => {
    const namespace = 'five_clicks';
    const results = await Promise.all(Array.from({ length: 5 }, () => app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace }, 0)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await countDrafts(namespace)).toBe(1);
    // Later clicks, at the current revision, are told the draft exists: no second one either.
    const again = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace }, (await app.repo.getDraft(app.db, registrationId, 1))?.revision ?? 0);
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already created/) });
    expect(await countDrafts(namespace)).toBe(1);
  });

  it('a create carried out but answered by a gateway 504 is never repeated without a confirmation', async () => {
    const namespace = 'gateway_504';
    await app.sandbox.fault({ path: '/v2/applications', status: 504, style: 'html', after: true });
    const first = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace }, 0);
    expect(first).toMatchObject({ ok: false, message: expect.stringMatching(/may have been created/) });
    expect(await countDrafts(namespace)).toBe(1);

    const revision = (await app.repo.getDraft(app.db, registrationId, 1))?.revision ?? 0;
    const second = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace }, revision);
    expect(second).toMatchObject({ ok: false, uncertain: true, message: expect.stringMatching(/may have created the draft app/) });
    expect(await countDrafts(namespace)).toBe(1);

    // The person chose to create it again anyway, having read what that means.
    const third = await app.actions.createDraftAppViaApi(registrationId, { ...VALUES, namespace }, (await app.repo.getDraft(app.db, registrationId, 1))?.revision ?? 0, { createAgain: true });
    expect(third).toMatchObject({ ok: true });
    expect(await countDrafts(namespace)).toBe(2);
  });
});

async function countDrafts(namespace: string): Promise<number> {
  const [row] = await app.sandbox.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_applications WHERE namespace = $1', [namespace]);
  return row?.n ?? 0;
}
