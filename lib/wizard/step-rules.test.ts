/**
 * The cross-step rules of steps 5 and 6, through the server actions (as a crafted call would
 * reach them): segments outside the saved space types are refused with the form's message,
 * ALL excludes the other segments, and unticking a space type drops its segments visibly.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';
import { segmentsOutsideTypesMessage } from './step-schemas';

type Actions = typeof import('@/app/registrations/[id]/actions');
type Repo = typeof import('@/lib/registration/repository');
type Db = Awaited<ReturnType<typeof import('@/lib/db')['getDb']>>;
const globals = globalThis as Record<string, unknown>;

let sandbox: RunningSandbox;
let actions: Actions;
let repo: Repo;
let db: Db;

beforeAll(async () => {
  sandbox = await startSandbox();
  vi.stubEnv('BANQUP_API_URL', sandbox.apiUrl);
  vi.stubEnv('BANQUP_API_TOKEN', 'sandbox-token');
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('DATA_DIR', 'memory://');
  delete globals.__banqupClient;
  delete globals.__dbPromise;
  actions = await import('@/app/registrations/[id]/actions');
  repo = await import('@/lib/registration/repository');
  db = await (await import('@/lib/db')).getDb();
});
afterAll(async () => {
  await db.close();
  delete globals.__banqupClient;
  delete globals.__dbPromise;
  vi.unstubAllEnvs();
  await sandbox.close();
});

async function registrationWithTypes(spaceTypes: string[]) {
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  await repo.saveDraft(db, id, 5, { spaceTypes });
  return { id, applicationId };
}

describe('step 6 on the server', () => {
  it('refuses segments the saved space types do not allow, with the form\'s message, and sends nothing', async () => {
    const { id, applicationId } = await registrationWithTypes(['BUSINESS']);
    const result = await actions.sendStepToBanqup(id, 6, { spaceSegments: ['ACCOUNTING'] }, 0);
    expect(result).toMatchObject({ ok: false, fieldErrors: { spaceSegments: [segmentsOutsideTypesMessage(['ALL', 'SME', 'CORPORATE'])] } });
    expect(((await sandbox.read(applicationId)) as { spaceSegments: unknown[] }).spaceSegments).toEqual([]);
    expect(await repo.getDraft(db, id, 6)).toBeUndefined();
  });

  it('refuses ALL together with other segments', async () => {
    const { id } = await registrationWithTypes(['BUSINESS']);
    const result = await actions.sendStepToBanqup(id, 6, { spaceSegments: ['ALL', 'SME'] }, 0);
    expect(result).toMatchObject({ ok: false, fieldErrors: { spaceSegments: [expect.stringMatching(/ALL already covers every segment/)] } });
  });

  it('sends segments the space types allow', async () => {
    const { id, applicationId } = await registrationWithTypes(['BUSINESS', 'PARTNER']);
    expect(await actions.sendStepToBanqup(id, 6, { spaceSegments: ['SME', 'ACCOUNTING'] }, 0)).toMatchObject({ ok: true, sent: 2 });
    expect(((await sandbox.read(applicationId)) as { spaceSegments: { spaceSegment: string }[] }).spaceSegments.map((s) => s.spaceSegment).sort()).toEqual(['ACCOUNTING', 'SME']);
  });

  it('unticking a space type removes its segments from step 6, and says so', async () => {
    const { id } = await registrationWithTypes(['BUSINESS', 'PARTNER']);
    await repo.saveDraft(db, id, 6, { spaceSegments: ['SME', 'ACCOUNTING', 'RESELLER'] });
    const revision = (await repo.getDraft(db, id, 5))?.revision ?? 0;
    const saved = await actions.saveStepDraft(id, 5, { spaceTypes: ['BUSINESS'] }, revision);
    expect(saved).toMatchObject({ ok: true, notice: 'Step 6 no longer lists ACCOUNTING, RESELLER: they belong to a space type you no longer chose.' });
    expect((await repo.getDraft(db, id, 6))?.draft).toEqual({ spaceSegments: ['SME'] });
  });
});
