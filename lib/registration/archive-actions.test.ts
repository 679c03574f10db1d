/**
 * The server actions with an archived registration (lib/wizard/actions.ts and
 * lib/registration/actions.ts): every change is refused on the server, whatever the page
 * showed, until it is restored; the archive, restore and next-version forms themselves.
 */
import { describe, expect, it } from 'vitest';
import { appAgainstSandbox } from '@/test/app-against-sandbox';

const app = appAgainstSandbox();
const ARCHIVED = /^This registration is archived: it is read-only/;

type FormActions = typeof import('@/lib/registration/actions');
const formActions = async (): Promise<FormActions> => import('@/lib/registration/actions');

/** Where a form action redirected (Next.js throws its redirect). */
async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2] ?? '';
    throw error;
  }
  throw new Error('no redirect');
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

describe('an archived registration is read-only on the server', () => {
  it('refuses saves, sends, Send everything, checks and the header; restored, it saves again', async () => {
    const { actions, repo, db } = app;
    const id = await repo.createRegistration(db);
    const applicationId = await app.sandbox.createDraft();
    await repo.updateIdentity(db, id, { name: 'Archived app', namespace: 'archived_app', applicationId });
    const saved = await actions.saveStepDraft(id, 8, { countries: ['BE'] }, 0);
    expect(saved).toMatchObject({ ok: true, revision: 1 });

    const { archiveRegistration, restoreRegistration } = await formActions();
    expect(await redirectOf(() => archiveRegistration(form({ registrationId: id, returnTo: '/?status=in_progress' })))).toBe('/?status=in_progress&notice=archived');
    expect(await repo.getRegistration(db, id)).toMatchObject({ archivedAt: expect.any(Date), archivedBy: 'Local user' });

    expect(await actions.saveStepDraft(id, 8, { countries: ['BE', 'NL'] }, 1)).toMatchObject({ ok: false, archived: true, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.sendStepToBanqup(id, 8, { countries: ['BE', 'NL'] }, 1)).toMatchObject({ ok: false, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.sendEverythingToBanqup(id)).toMatchObject({ ok: false, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.checkAtBanqup(id)).toMatchObject({ ok: false, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.clearAuthorizationHeader(id)).toMatchObject({ ok: false, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.acknowledgeChangeAfterSubmission(id)).toMatchObject({ ok: false, message: expect.stringMatching(ARCHIVED) });
    expect(await actions.saveStepDraft(id, 1, { name: 'Renamed' }, 0)).toMatchObject({ ok: false, archived: true });
    // Nothing changed, nothing went out.
    expect((await repo.getDraft(db, id, 8))?.draft).toEqual({ countries: ['BE'] });
    expect(await repo.listApiCalls(db, id)).toEqual([]);
    expect((await app.sandbox.read(applicationId)).locations).toEqual([]);

    expect(await redirectOf(() => restoreRegistration(form({ registrationId: id, returnTo: `/registrations/${id}/locations` })))).toBe(`/registrations/${id}/locations`);
    expect(await actions.saveStepDraft(id, 8, { countries: ['BE', 'NL'] }, 1)).toMatchObject({ ok: true, revision: 2 });
    expect(await actions.sendStepToBanqup(id, 8, { countries: ['BE', 'NL'] }, 2)).toMatchObject({ ok: true });
  });

  it('validates the forms: a foreign return address or a bad id goes nowhere else', async () => {
    const { archiveRegistration, startNextVersionFrom } = await formActions();
    const id = await app.repo.createRegistration(app.db);
    expect(await redirectOf(() => archiveRegistration(form({ registrationId: id, returnTo: 'https://evil.example/' })))).toBe('/?notice=missing');
    expect(await app.repo.getRegistration(app.db, id)).toMatchObject({ archivedAt: null });
    expect(await redirectOf(() => archiveRegistration(form({ registrationId: 'not-a-uuid' })))).toBe('/?notice=missing');
    expect(await redirectOf(() => archiveRegistration(form({ registrationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6' })))).toBe('/?notice=missing');
    // No applicationId: no next version, said on the summary.
    expect(await redirectOf(() => startNextVersionFrom(form({ registrationId: id })))).toBe(`/registrations/${id}/summary?nextVersion=no-application`);
  });

  it('starts the next version and opens its step 9; a second start is refused', async () => {
    const { startNextVersionFrom } = await formActions();
    const { repo, db } = app;
    const id = await repo.createRegistration(db);
    const applicationId = await app.sandbox.createDraft();
    await repo.updateIdentity(db, id, { name: 'Versioned', namespace: 'versioned', applicationId });
    const to = await redirectOf(() => startNextVersionFrom(form({ registrationId: id })));
    expect(to).toMatch(/^\/registrations\/[0-9a-f-]{36}\/version$/);
    const nextId = to.split('/')[2]!;
    expect(await repo.getRegistration(db, nextId)).toMatchObject({ applicationId, name: 'Versioned', previousRegistrationId: id });
    expect(await redirectOf(() => startNextVersionFrom(form({ registrationId: id })))).toBe(`/registrations/${id}/summary?nextVersion=exists`);
  });
});
