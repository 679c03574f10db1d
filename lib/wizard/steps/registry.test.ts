/**
 * The server parses exactly what the browser parses. For every step of the registry, values
 * the step's form would refuse (with the context the step page gives the form) are sent to the
 * server action as a crafted call would send them: the server refuses each with the same
 * field errors, and nothing is saved or sent. Values the form accepts, the server sends.
 * A step added to the registry without samples here fails the walk.
 */
import { describe, expect, it } from 'vitest';
import { firstIssueByPath } from '@/lib/zod-issues';
import { appAgainstSandbox } from '@/test/app-against-sandbox';
import { FORM_STEPS, STEP_REGISTRY, stepSchema, type FormStep } from './index';

const app = appAgainstSandbox();

const SERVICE_ACCOUNT = '3f0b7f0e-8d51-4a8e-9a0e-1f1c1c1c1c1c';
const version = (overrides: Record<string, unknown> = {}) => ({
  ...STEP_REGISTRY[9].defaults(),
  version: '1.3.0',
  releaseDate: '2026-04-16T13:03:36Z',
  serviceAccount: SERVICE_ACCOUNT,
  ...overrides,
});
const entry = (locale: string, displayName = 'Purchase app') => ({ locale, displayName, shortDescription: 'Short', description: 'Long' });

/** The registration the samples run against: step 5 saved as BUSINESS only, and version 1.2.0 held by Banqup. */
const SENT_VERSION = '1.2.0';

/** Per step: values the form accepts (`valid`, sent for real) and values it refuses. */
const SAMPLES: Record<FormStep, { valid?: (assets: { logo: string; media: string }) => Record<string, unknown>; invalid: Record<string, unknown>[] }> = {
  1: { invalid: [{ name: '', namespace: 'purchase app', identity: 'entity', ownerEntityId: '', developerPortalAppId: '', applicationId: 'x' }] },
  2: {
    valid: () => ({ locales: [entry('en-GB')] }),
    invalid: [{ locales: [] }, { locales: [entry('en-GB'), entry('EN-gb')] }, { locales: [entry('en-GB', 'x'.repeat(300))] }, { locales: [{ locale: 'english' }] }],
  },
  3: { valid: ({ logo }) => ({ logoAssetId: logo }), invalid: [{ logoAssetId: '' }, { logoAssetId: 'not-a-uuid' }] },
  4: { valid: ({ media }) => ({ media: [{ assetId: media }] }), invalid: [{ media: [] }, { media: [{ assetId: 'x' }] }] },
  5: { valid: () => ({ spaceTypes: ['BUSINESS'] }), invalid: [{ spaceTypes: [] }, { spaceTypes: ['BUSINESS', 'BUSINESS'] }, { spaceTypes: ['HOME'] }] },
  6: {
    valid: () => ({ spaceSegments: ['SME'] }),
    // ACCOUNTING is a PARTNER segment: step 5 saved BUSINESS only (the cross-step rule).
    invalid: [{ spaceSegments: ['ACCOUNTING'] }, { spaceSegments: ['ALL', 'SME'] }, { spaceSegments: [] }],
  },
  7: { valid: () => ({ brandName: 'Banqup' }), invalid: [{ brandName: '' }, { brandName: 'ACME' }] },
  8: { valid: () => ({ countries: ['BE'] }), invalid: [{ countries: ['ALL', 'BE'] }, { countries: [] }, { countries: ['XX'] }] },
  9: {
    valid: () => version(),
    invalid: [
      // Not above the version Banqup holds (the cross-step rule): equal, then lower.
      version({ version: SENT_VERSION }),
      version({ version: '1.1.9' }),
      version({ version: 'one' }),
      version({ appCallbacks: { ...version().appCallbacks, addUrl: 'not a url' } }),
      version({ clientConfigurations: [{ key: 'retries', type: 'number', value: 'many' }] }),
      version({ dependencies: [{ properties: [] }] }),
      version({ releaseDate: '' }),
    ],
  },
};

/** Each leaf of the wrong type: every field then has an issue. */
function poisoned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poisoned);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, poisoned(child)]));
  return 42;
}

async function registration() {
  const { repo, db, sandbox, actions } = app;
  const id = await repo.createRegistration(db);
  const applicationId = await sandbox.createDraft();
  await repo.updateIdentity(db, id, { name: 'Registry app', namespace: 'registry_app', applicationId });
  await repo.saveDraft(db, id, 5, { spaceTypes: ['BUSINESS'] });
  expect(await actions.sendStepToBanqup(id, 9, version({ version: SENT_VERSION }), 0)).toMatchObject({ ok: true });
  // A PNG's signature and header chunk: what the sandbox sniffs, as Banqup would.
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...new TextEncoder().encode('IHDR'), ...new Uint8Array(13)]);
  const asset = (kind: 'logo' | 'media') =>
    repo.insertAsset(db, { registrationId: id, kind, fileName: `${kind}.png`, contentType: 'image/png', byteSize: png.byteLength, width: 1024, height: 576, sha256: `sha-${kind}`, bytes: png });
  const [logo, media] = await Promise.all([asset('logo'), asset('media')]);
  return { id, assets: { logo: logo.id, media: media.id } };
}

/** What the form refuses, as the error summary keys it: the field's path and its first message. */
function browserErrors(step: FormStep, context: Parameters<typeof stepSchema>[1], values: unknown): Record<string, string[]> | undefined {
  const result = stepSchema(step, context).safeParse(values);
  if (result.success) return undefined;
  return Object.fromEntries(Object.entries(firstIssueByPath(result.error.issues)).map(([path, issue]) => [path, [issue.message]]));
}

describe('the server refuses what the browser refuses, step by step', () => {
  it('has samples for every step of the registry', () => {
    expect(Object.keys(SAMPLES).map(Number).sort()).toEqual([...FORM_STEPS].sort());
  });

  it.each(FORM_STEPS)('step %i', async (step) => {
    const { id, assets } = await registration();
    const { getStepPage } = await import('@/lib/registration/queries.server');
    // The context exactly as the step page gives it to the form (which validates with stepSchema).
    const page = await getStepPage(id, step);
    expect(page?.context.schema).toEqual({ spaceTypes: ['BUSINESS'], lastSentVersion: SENT_VERSION });
    const context = page!.context.schema;
    const samples = SAMPLES[step];
    const refused = [...samples.invalid, poisoned(STEP_REGISTRY[step].defaults()), {}, STEP_REGISTRY[step].defaults()];
    let checked = 0;
    for (const values of refused) {
      const expected = browserErrors(step, context, values);
      if (step !== 1 && samples.invalid.includes(values as Record<string, unknown>)) expect(expected, JSON.stringify(values)).toBeDefined();
      if (!expected) continue;
      const before = await app.repo.getDraft(app.db, id, step);
      const answer =
        step === 1 ? await app.actions.createDraftAppViaApi(id, values, 0) : await app.actions.sendStepToBanqup(id, step, values, before?.revision ?? 0);
      expect(answer, JSON.stringify(values)).toMatchObject({ ok: false, fieldErrors: expected });
      expect((await app.repo.getDraft(app.db, id, step))?.revision ?? 0).toBe(before?.revision ?? 0);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(samples.invalid.length);
    if (samples.valid) {
      const values = samples.valid(assets);
      expect(browserErrors(step, context, values)).toBeUndefined();
      const revision = (await app.repo.getDraft(app.db, id, step))?.revision ?? 0;
      const sent = await app.actions.sendStepToBanqup(id, step, values, revision);
      expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
    }
  });
});
