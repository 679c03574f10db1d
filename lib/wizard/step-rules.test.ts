/**
 * The cross-step rules of steps 5 and 6, through the server actions (as a crafted call would
 * reach them): segments outside the saved space types are refused with the form's message,
 * ALL excludes the other segments, and unticking a space type drops its segments visibly.
 */
import { describe, expect, it } from 'vitest';
import { appAgainstSandbox } from '@/test/app-against-sandbox';
import { segmentsOutsideTypesMessage } from '@/lib/wizard/steps/6-space-segments/schema';

const app = appAgainstSandbox();

async function registrationWithTypes(spaceTypes: string[]) {
  const { repo, db, sandbox } = app;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  await repo.saveDraft(db, id, 5, { spaceTypes });
  return { id, applicationId };
}

describe('step 6 on the server', () => {
  it('refuses segments the saved space types do not allow, with the form\'s message, and sends nothing', async () => {
    const { id, applicationId } = await registrationWithTypes(['BUSINESS']);
    const result = await app.actions.sendStepToBanqup(id, 6, { spaceSegments: ['ACCOUNTING'] }, 0);
    expect(result).toMatchObject({ ok: false, fieldErrors: { spaceSegments: [segmentsOutsideTypesMessage(['ALL', 'SME', 'CORPORATE'])] } });
    expect(((await app.sandbox.read(applicationId)) as { spaceSegments: unknown[] }).spaceSegments).toEqual([]);
    expect(await app.repo.getDraft(app.db, id, 6)).toBeUndefined();
  });

  it('refuses ALL together with other segments', async () => {
    const { id } = await registrationWithTypes(['BUSINESS']);
    const result = await app.actions.sendStepToBanqup(id, 6, { spaceSegments: ['ALL', 'SME'] }, 0);
    expect(result).toMatchObject({ ok: false, fieldErrors: { spaceSegments: [expect.stringMatching(/ALL already covers every segment/)] } });
  });

  it('sends segments the space types allow', async () => {
    const { id, applicationId } = await registrationWithTypes(['BUSINESS', 'PARTNER']);
    expect(await app.actions.sendStepToBanqup(id, 6, { spaceSegments: ['SME', 'ACCOUNTING'] }, 0)).toMatchObject({ ok: true, sent: 2 });
    expect(((await app.sandbox.read(applicationId)) as { spaceSegments: { spaceSegment: string }[] }).spaceSegments.map((s) => s.spaceSegment).sort()).toEqual(['ACCOUNTING', 'SME']);
  });

  it('unticking a space type removes its segments from step 6, and says so', async () => {
    const { id } = await registrationWithTypes(['BUSINESS', 'PARTNER']);
    await app.repo.saveDraft(app.db, id, 6, { spaceSegments: ['SME', 'ACCOUNTING', 'RESELLER'] });
    const revision = (await app.repo.getDraft(app.db, id, 5))?.revision ?? 0;
    const saved = await app.actions.saveStepDraft(id, 5, { spaceTypes: ['BUSINESS'] }, revision);
    expect(saved).toMatchObject({ ok: true, notice: 'Step 6 no longer lists ACCOUNTING, RESELLER: they belong to a space type you no longer chose.' });
    expect((await app.repo.getDraft(app.db, id, 6))?.draft).toEqual({ spaceSegments: ['SME'] });
  });
});

describe('a send answers with its step’s update', () => {
  it('carries the status and At Banqup view a fresh request gives for that step; no other step changes', async () => {
    const { id } = await registrationWithTypes(['BUSINESS']);
    const before = await app.actions.getWizardStatus(id);
    const result = await app.actions.sendStepToBanqup(id, 5, { spaceTypes: ['BUSINESS'] }, 1);
    expect(result).toMatchObject({ ok: true, sent: 1 });
    const after = await app.actions.getWizardStatus(id);
    expect(result.update?.status).toEqual(after?.statuses.find((s) => s.step === 5));
    expect(result.update?.atBanqup).toEqual(after?.atBanqup.find((view) => view.step === 5));
    expect(result.update?.status).not.toEqual(before?.statuses.find((s) => s.step === 5));
    // What the browser keeps of the other steps is still true.
    expect(after?.statuses.filter((s) => s.step !== 5)).toEqual(before?.statuses.filter((s) => s.step !== 5));
    expect(after?.atBanqup.filter((view) => view.step !== 5)).toEqual(before?.atBanqup.filter((view) => view.step !== 5));
    // Refused before anything is saved: no update, the browser keeps (or asks for) its own.
    expect((await app.actions.sendStepToBanqup(id, 6, { spaceSegments: ['ACCOUNTING'] }, 0)).update).toBeUndefined();
  });
});
