import { describe, expect, it } from 'vitest';
import type { AssetMeta } from '@/lib/registration/repository';
import { planStep, toVersionRequest, versionFormField, type PlanContext } from './plans';
import { versionStepDefaults } from './9-version/schema';

const asset = (id: string, sha256: string): AssetMeta => ({
  id,
  registrationId: 'r',
  kind: 'media',
  fileName: `${id}.png`,
  contentType: 'image/png',
  byteSize: 10,
  width: 1600,
  height: 900,
  sha256,
  createdAt: new Date(),
});
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const context = (header?: string): PlanContext => ({
  assets: new Map([
    [A, asset(A, 'aaa')],
    [B, asset(B, 'bbb')],
  ]),
  loadAsset: async () => new Uint8Array([1]),
  authorizationHeader: header,
});

describe('planStep', () => {
  it('plans one call per locale, keyed by locale, with field errors mapped onto that locale', () => {
    const items = planStep(
      2,
      {
        locales: [
          { locale: 'en-GB', displayName: 'A', shortDescription: 'B', description: 'C' },
          { locale: 'fr-BE', displayName: 'D', shortDescription: 'E', description: 'F' },
        ],
      },
      context(),
    );
    expect(items?.map((i) => i.key)).toEqual(['locale:en-GB', 'locale:fr-BE']);
    expect(items?.[1]?.formField('displayName')).toBe('locales.1.displayName');
  });

  it('does not plan a draft that fails the step schema', () => {
    expect(planStep(2, { locales: [] }, context())).toBeUndefined();
    expect(planStep(8, { countries: ['XX'] }, context())).toBeUndefined();
    expect(planStep(4, { media: [{ assetId: '33333333-3333-4333-8333-333333333333' }] }, context())).toBeUndefined();
  });

  it('keys media by position: a reorder changes the fingerprints of the moved positions only', () => {
    const before = planStep(4, { media: [{ assetId: A }, { assetId: B }] }, context());
    const after = planStep(4, { media: [{ assetId: B }, { assetId: A }] }, context());
    expect(before?.map((i) => i.key)).toEqual(['media:1', 'media:2']);
    expect(after?.map((i) => i.key)).toEqual(['media:1', 'media:2']);
    expect(after?.[0]?.fingerprint).not.toBe(before?.[0]?.fingerprint);
    const same = planStep(4, { media: [{ assetId: A }, { assetId: B }] }, context());
    expect(same?.map((i) => i.fingerprint)).toEqual(before?.map((i) => i.fingerprint));
  });

  it('fingerprints the version with its authorization header, so a new header counts as a change', () => {
    const values = { ...versionStepDefaults(new Date('2026-01-01T00:00:00Z')), serviceAccount: A };
    const one = planStep(9, values, context('header-1'));
    const two = planStep(9, values, context('header-2'));
    expect(one?.[0]?.key).toBe('version:1.0.0');
    expect(one?.[0]?.fingerprint).not.toBe(two?.[0]?.fingerprint);
  });
});

describe('toVersionRequest', () => {
  it('builds the recipe body, leaving out what is empty', () => {
    const values = {
      ...versionStepDefaults(new Date('2026-04-16T13:03:36Z')),
      serviceAccount: A,
      releaseNote: ' Initial release notes ',
      permissions: [{ resource: 'space', scope: 'space_read' }],
      minAssuranceLevels: { entity: 'urn:btx:L2' as const, user: '' as const },
      clientConfigurations: [{ key: 'a', type: 'number' as const, value: '1' }],
      appCallbacks: { addUrl: 'https://x.example/add', activationUrl: '', deactivationUrl: '', configureUrl: '', removeUrl: '' },
    };
    expect(toVersionRequest(values, 'secret')).toEqual({
      version: '1.0.0',
      releaseNote: 'Initial release notes',
      releaseDate: '2026-04-16T13:03:36Z',
      manifest: {
        serviceAccount: A,
        accessManagement: { permissions: [{ resource: 'space', scope: 'space_read' }] },
        minAssuranceLevels: { entity: 'urn:btx:L2' },
        clientConfigurations: { a: 1 },
        appCallbacks: { addUrl: 'https://x.example/add', security: { authorizationHeader: 'secret' } },
      },
      copyright: 'Copyright 2026',
    });
    const bare = toVersionRequest({ ...versionStepDefaults(), serviceAccount: A }, undefined);
    expect(bare.manifest).toEqual({ serviceAccount: A });
  });

  it('maps the API field paths of a version onto the form', () => {
    expect(versionFormField('manifest.serviceAccount')).toBe('serviceAccount');
    expect(versionFormField('manifest.accessManagement.permissions.0.scope')).toBe('permissions.0.scope');
    expect(versionFormField('manifest.appCallbacks.addUrl')).toBe('appCallbacks.addUrl');
    expect(versionFormField('manifest.appCallbacks.security.authorizationHeader')).toBe('authorizationHeader');
    expect(versionFormField('version')).toBe('version');
  });
});
