import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '@/lib/registration/repository';
import { sandboxClient, startSandbox, type RunningSandbox } from '@/test/sandbox';
import { listLedger } from './ledger';
import { sendEverything } from './send-all';

let sandbox: RunningSandbox;
let client: ReturnType<typeof sandboxClient>;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(async () => sandbox.close());

type Held = {
  infoLocalizations: { locale: string }[];
  spaceTypes: { spaceType: string }[];
  spaceSegments: { spaceSegment: string }[];
  brands: { brandName: string }[];
  locations: { countryCode: string }[];
};
const held = async (applicationId: string) => (await sandbox.read(applicationId)) as unknown as Held;

/** A registration with an applicationId and steps 2, 5, 6, 7 and 8 filled in. */
async function filledIn() {
  const db = sandbox.db;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'App', namespace: 'app', applicationId });
  await repo.saveDraft(db, id, 2, {
    locales: [
      { locale: 'en-GB', displayName: 'App', shortDescription: 'Short', description: 'Long enough description' },
      { locale: 'fr-BE', displayName: 'App', shortDescription: 'Court', description: 'Description assez longue' },
    ],
  });
  await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] });
  await repo.saveDraft(db, id, 6, { spaceSegments: ['SME'] });
  await repo.saveDraft(db, id, 7, { brandName: 'Banqup' });
  await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'FR'] });
  return { db, id, applicationId };
}

const everything = (id: string, confirm?: string, concurrency = 6) => sendEverything(sandbox.db, client, id, { confirm, concurrency });

describe('Send everything', () => {
  it('sends every ready step at once, says what it skipped, and sends nothing twice', async () => {
    const { db, id, applicationId } = await filledIn();
    const result = await everything(id);
    expect(result).toMatchObject({ ok: true, message: 'Sent 5 steps to Banqup.' });
    expect(result.steps.map((step) => [step.step, step.outcome])).toEqual([
      [2, 'sent'],
      [3, 'skipped'],
      [4, 'skipped'],
      [5, 'sent'],
      [6, 'sent'],
      [7, 'sent'],
      [8, 'sent'],
      [9, 'skipped'],
    ]);
    const at = await held(applicationId);
    expect(at.infoLocalizations).toHaveLength(2);
    expect(at.locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'FR', 'NL']);
    expect(at.spaceSegments.map((s) => s.spaceSegment)).toEqual(['SME']);
    // Every call is in the ledger, accepted; a second Send everything finds nothing new.
    expect((await listLedger(db, id)).every((entry) => entry.outcome === 'accepted')).toBe(true);
    expect(await everything(id)).toMatchObject({ ok: true, message: 'Nothing to send: every step that is ready is at Banqup already.' });
    expect((await held(applicationId)).infoLocalizations).toHaveLength(2);
  });

  it('collects the confirmations of all steps up front, and sends only with the digest of that list', async () => {
    const { db, id, applicationId } = await filledIn();
    await everything(id);
    await repo.saveDraft(db, id, 7, { brandName: 'Jefacture' });
    await repo.saveDraft(db, id, 8, { countries: ['BE', 'NL', 'FR', 'LU'] });
    const asked = await everything(id);
    expect(asked).toMatchObject({ ok: false, confirm: { steps: [{ step: 7, consequences: ['Adds Jefacture; Banqup keeps Banqup, which no API call can remove.'] }] } });
    // Nothing went out, not even the new country, which needed no confirmation.
    expect((await held(applicationId)).locations).toHaveLength(3);
    expect(await everything(id, 'stale')).toMatchObject({ ok: false, confirm: expect.anything() });
    const done = await everything(id, asked.confirm?.digest);
    expect(done).toMatchObject({ ok: true, message: 'Sent 2 steps to Banqup.' });
    expect((await held(applicationId)).brands.map((b) => b.brandName)).toEqual(['Banqup', 'Jefacture']);
    expect((await held(applicationId)).locations).toHaveLength(4);
  });

  it('a step that fails does not stop the others; segments wait for the space types and are not sent without them', async () => {
    const { id, applicationId } = await filledIn();
    await sandbox.fault({ path: '/spaceTypes', status: 400, detail: 'space types refused', times: 1 });
    await sandbox.fault({ path: '/locations', status: 400, detail: 'no such country', times: 1 });
    const result = await everything(id);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^2 steps sent; \d+ did not go through: Space types, .*Locations/);
    const by = Object.fromEntries(result.steps.map((step) => [step.step, step]));
    expect(by[5]?.outcome).toBe('failed');
    expect(by[6]).toMatchObject({ outcome: 'skipped', message: 'Waits for the space types (step 5), which were not all sent.' });
    expect(by[8]?.outcome).toBe('failed');
    expect(by[2]?.outcome).toBe('sent');
    expect(by[7]?.outcome).toBe('sent');
    const at = await held(applicationId);
    expect(at.spaceSegments).toEqual([]);
    expect(at.brands).toHaveLength(1);
  });

  it('sends the steps side by side, each with at most its concurrency of calls in flight', async () => {
    const { id } = await filledIn();
    await repo.saveDraft(sandbox.db, id, 8, { countries: ['BE', 'NL', 'FR', 'DE', 'LU'] });
    let running = 0;
    let most = 0;
    const locations = { running: 0, most: 0 };
    const counting: typeof fetch = async (input, init) => {
      const isLocation = String(input instanceof Request ? input.url : input).endsWith('/locations');
      running++;
      if (isLocation) locations.running++;
      most = Math.max(most, running);
      locations.most = Math.max(locations.most, locations.running);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await fetch(input, init);
      } finally {
        running--;
        if (isLocation) locations.running--;
      }
    };
    const slow = sandboxClient(sandbox, { fetch: counting });
    expect(await sendEverything(sandbox.db, slow, id, { concurrency: 2 })).toMatchObject({ ok: true });
    expect(locations.most).toBe(2);
    // Steps 2, 5, 7 and 8 at the same time: more than one step's share.
    expect(most).toBeGreaterThan(2);
  });
});
