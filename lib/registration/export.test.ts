import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/env';
import { REDACTED } from '@/lib/redact';
import { versionStepDefaults } from '@/lib/wizard/steps/9-version/schema';
import { assetBase, exportDocument, exportResponse } from './export';
import type { RegistrationView } from './summary';

const HEADER = 'Bearer cb-export-secret-7731';
const LOGO_ID = '11111111-1111-4111-8111-111111111111';
const SHOT_IDS = ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
const image = (id: string, kind: 'logo' | 'media', fileName: string) => ({ id, kind, fileName, contentType: 'image/png', byteSize: 1234, width: 1600, height: 900 });
const { authorizationHeader: _header, ...versionFacts } = versionStepDefaults(new Date('2026-11-27T10:00:00Z'));

/** A view as the summary builds it; `version` may hold step 9 as older drafts saved it (JSON text). */
function view(overrides: Omit<Partial<RegistrationView>, 'version'> & { version?: unknown } = {}): RegistrationView {
  return {
    registration: {
      id: '44444444-4444-4444-8444-444444444444',
      name: 'Purchase app',
      namespace: 'purchase_app',
      applicationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
      status: 'draft',
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:30:00.000Z',
      revision: 7,
      archivedAt: null,
    },
    mode: 'sandbox',
    identity: { name: 'Purchase app', namespace: 'purchase_app', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002', developerPortalAppId: '' },
    locales: [{ locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'Purchases app helps you.' }],
    logo: image(LOGO_ID, 'logo', 'logo.png'),
    media: [image(SHOT_IDS[0] as string, 'media', 'b.png'), image(SHOT_IDS[1] as string, 'media', 'a.png')],
    spaceTypes: ['BUSINESS'],
    spaceSegments: ['SME'],
    brandName: 'Banqup',
    countries: ['BE'],
    version: {
      ...versionFacts,
      serviceAccount: '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c',
      dependencies: '[{"namespace": "other_app", "minVersion": "2.0.0"}]',
      clientConfigurations: '{\n  "theme": "dark",\n  "limits": {"invoices": 500},\n  "apiKey": "k-123456"\n}',
      appCallbacks: { addUrl: 'https://purchase.example/add', activationUrl: '', deactivationUrl: '', configureUrl: '', removeUrl: '' },
    },
    authorizationHeader: { saved: true, length: HEADER.length },
    sentVersions: [],
    steps: {},
    atBanqup: [],
    journal: [],
    journalTotal: 0,
    signOffs: [],
    events: [],
    checklist: [],
    ready: false,
    approved: false,
    ...overrides,
  } as RegistrationView;
}

const fromApp = { url: 'https://wizard.example.com', from: 'APP_URL' } as const;
type Exported = ReturnType<typeof exportDocument>;

describe('the JSON export', () => {
  it('carries dependencies and client configurations as JSON values, not JSON text', () => {
    const doc = exportDocument(view(), fromApp) as Exported;
    expect(doc.version?.dependencies).toEqual([{ namespace: 'other_app', minVersion: '2.0.0' }]);
    expect(doc.version?.clientConfigurations).toMatchObject({ theme: 'dark', limits: { invoices: 500 } });
    // Serialised, they are objects in the document, not strings holding JSON.
    const text = JSON.stringify(doc);
    expect(text).toContain('"dependencies":[{"namespace":"other_app","minVersion":"2.0.0"}]');
    expect(text).not.toContain('\\"namespace\\"');
    expect(doc.version).not.toHaveProperty('invalidJson');
  });

  it('has null for an empty one, keeps text that is no JSON under invalidJson, and reads the rows the form saves as the values sent', () => {
    const base = view().version;
    const doc = exportDocument(view({ version: base && { ...base, dependencies: '  ', clientConfigurations: '{"theme": ' } }), fromApp) as Exported;
    expect(doc.version?.dependencies).toBeNull();
    expect(doc.version?.clientConfigurations).toBeNull();
    expect(doc.version?.invalidJson).toEqual({ clientConfigurations: '{"theme": ' });

    const rows = {
      ...base,
      dependencies: [{ properties: [{ key: 'namespace', type: 'text', value: 'x' }] }],
      clientConfigurations: [
        { key: 'a', type: 'number', value: '1' },
        { key: 'on', type: 'boolean', value: 'true' },
      ],
    };
    const again = exportDocument(view({ version: rows }), fromApp) as Exported;
    expect(again.version?.dependencies).toEqual([{ namespace: 'x' }]);
    expect(again.version?.clientConfigurations).toEqual({ a: 1, on: true });
  });

  it('builds absolute asset URLs from the base, media in their order', () => {
    const doc = exportDocument(view(), fromApp) as Exported;
    expect(doc.assetBase).toEqual(fromApp);
    expect(doc.logo?.url).toBe(`https://wizard.example.com/api/assets/${LOGO_ID}`);
    expect(doc.media.map((item) => [item.displayOrder, item.fileName, item.url])).toEqual([
      [1, 'b.png', `https://wizard.example.com/api/assets/${SHOT_IDS[0]}`],
      [2, 'a.png', `https://wizard.example.com/api/assets/${SHOT_IDS[1]}`],
    ]);
  });

  it('masks the callback header and keys that name a secret, and drops secret values wherever they are quoted', () => {
    const base = view().version;
    const quoting = view({ version: base && { ...base, clientConfigurations: `{"note": "send ${HEADER} please", "token": "t-998877"}` } });
    const doc = exportDocument(quoting, fromApp, { secrets: [HEADER] }) as Exported;
    expect(doc.version?.appCallbacks).toMatchObject({ addUrl: 'https://purchase.example/add', security: { authorizationHeader: REDACTED } });
    expect(doc.version?.clientConfigurations).toEqual({ note: `send ${REDACTED} please`, token: REDACTED });
    const text = JSON.stringify(doc);
    expect(text).not.toContain(HEADER);
    expect(text).not.toContain('cb-export-secret');
    expect(text).not.toContain('t-998877');
    expect((exportDocument(view(), fromApp) as Exported).version?.clientConfigurations).toMatchObject({ apiKey: REDACTED });
    // No header saved: no security entry.
    const none = exportDocument(view({ authorizationHeader: { saved: false, length: 0 } }), fromApp) as Exported;
    expect(none.version?.appCallbacks).not.toHaveProperty('security');
  });

  it('keeps a missing step 9 as null, and a read-only export without the registration’s id', () => {
    const doc = exportDocument(view({ version: null }), fromApp, { readOnly: true }) as Exported;
    expect(doc.version).toBeNull();
    expect(doc.registration.id).toBeUndefined();
  });
});

describe('the asset base', () => {
  const request = new Request('http://wizard.internal:8080/registrations/x/export');

  it('is APP_URL when it is set, whichever host the export was asked at', () => {
    expect(assetBase(parseConfig({ APP_URL: 'https://wizard.example.com/' }), request)).toEqual({ url: 'https://wizard.example.com', from: 'APP_URL' });
  });

  it('is the request’s origin when APP_URL is not set (not the loopback default)', () => {
    const config = parseConfig({ PORT: '4000' });
    expect(config.appUrl).toBe('http://127.0.0.1:4000');
    expect(assetBase(config, request)).toEqual({ url: 'http://wizard.internal:8080', from: 'request' });
    expect(assetBase(parseConfig({ APP_URL: '' }), request).from).toBe('request');
  });

  it('reaches the document the export route answers with', async () => {
    const response = await exportResponse(view(), request, { secrets: [HEADER], config: parseConfig({ APP_URL: 'https://wizard.example.com' }) });
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="purchase_app-banqup-registration.json"');
    const doc = (await response.json()) as Exported;
    expect(doc.logo?.url).toBe(`https://wizard.example.com/api/assets/${LOGO_ID}`);
    expect(doc.version?.dependencies).toEqual([{ namespace: 'other_app', minVersion: '2.0.0' }]);

    const fromRequest = (await (await exportResponse(view(), request, { secrets: [], config: parseConfig({}) })).json()) as Exported;
    expect(fromRequest.assetBase).toEqual({ url: 'http://wizard.internal:8080', from: 'request' });
    expect(fromRequest.media[0]?.url).toBe(`http://wizard.internal:8080/api/assets/${SHOT_IDS[0]}`);
  });
});
