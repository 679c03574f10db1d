import { describe, expect, it } from 'vitest';
import { answersOf, diffAnswers, readSnapshot, snapshotOf, type AnswersInput } from './answers';

const LOGO = '0b0c7f5e-7c53-4c4e-9d67-5d8f1d1b9a01';
const SHOT_A = '0b0c7f5e-7c53-4c4e-9d67-5d8f1d1b9a02';
const SHOT_B = '0b0c7f5e-7c53-4c4e-9d67-5d8f1d1b9a03';

function input(drafts: Record<number, unknown>, header = { saved: false, length: 0 }): AnswersInput {
  return {
    drafts: new Map(Object.entries(drafts).map(([step, draft]) => [Number(step), draft])),
    files: new Map([
      [LOGO, { fileName: 'logo.svg', width: null, height: null }],
      [SHOT_A, { fileName: 'inbox.png', width: 1600, height: 900 }],
      [SHOT_B, { fileName: 'export.png', width: 1600, height: 900 }],
    ]),
    authorizationHeader: header,
  };
}

const BASE = {
  1: { name: 'Purchase app', namespace: 'purchase_app', identity: 'entity', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002', developerPortalAppId: '', applicationId: '' },
  2: { locales: [{ locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Invoices', description: 'Long text' }] },
  3: { logoAssetId: LOGO },
  4: { media: [{ assetId: SHOT_A }, { assetId: SHOT_B }] },
  7: { brandName: 'Banqup' },
  8: { countries: ['BE', 'NL'] },
};

describe('the answers a reviewer reads', () => {
  it('has every field of steps 1–9, empty ones as empty text, files by name, countries by name', () => {
    const steps = answersOf(input(BASE));
    expect(steps.map((step) => step.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const value = (step: number, key: string) => steps.find((s) => s.step === step)?.rows.find((row) => row.key === key)?.value;
    expect(value(1, 'owner')).toBe('f47c5440-89cb-11ee-b9d1-0242ac120002');
    expect(value(1, 'applicationId')).toBe('');
    expect(value(2, 'displayName@en-GB')).toBe('Purchase app');
    expect(value(3, 'logo')).toBe('logo.svg');
    expect(value(4, 'media')).toBe('1. inbox.png (1600×900); 2. export.png (1600×900)');
    expect(value(5, 'spaceTypes')).toBe('');
    expect(value(8, 'countries')).toBe('Belgium (BE), Netherlands (NL)');
    expect(value(9, 'version')).toBe('');
  });

  it('never holds the authorization header itself, only that one is saved', () => {
    const steps = answersOf(input({ 9: { authorizationHeader: 'secret-value' } }, { saved: true, length: 12 }));
    expect(JSON.stringify(steps)).not.toContain('secret-value');
    expect(steps.at(-1)?.rows.find((row) => row.key === 'authorizationHeader')?.value).toBe('saved, 12 characters (never shown)');
  });

  it('reads whatever a draft holds without throwing', () => {
    expect(() => answersOf(input({ 1: 'nonsense', 2: { locales: 'x' }, 4: { media: [null, 3] }, 9: { permissions: [{}], dependencies: [{ namespace: 'x' }] } }))).not.toThrow();
    // Step 9's JSON as older drafts saved it (text): read as the JSON sent.
    const steps = answersOf(input({ 9: { dependencies: '[{"namespace": "other_app"}]' } }));
    expect(steps.at(-1)?.rows.find((row) => row.key === 'dependencies')?.value).toBe('[{"namespace":"other_app"}]');
  });
});

describe('what changed since an approval', () => {
  it('lists only the fields that differ, old and new, per step', () => {
    const before = answersOf(input(BASE));
    const after = answersOf(input({ ...BASE, 4: { media: [{ assetId: SHOT_B }, { assetId: SHOT_A }] }, 7: { brandName: 'ALL' } }));
    expect(diffAnswers(before, after)).toEqual([
      { step: 4, changes: [{ key: 'media', field: 'media', label: 'Images and their order', before: '1. inbox.png (1600×900); 2. export.png (1600×900)', after: '1. export.png (1600×900); 2. inbox.png (1600×900)' }] },
      { step: 7, changes: [{ key: 'brandName', field: 'brandName', label: 'Brand', before: 'Banqup', after: 'ALL' }] },
    ]);
  });

  it('shows a field answered since, and the fields of a language removed', () => {
    const before = answersOf(input({ ...BASE, 2: { locales: [...BASE[2].locales, { locale: 'fr-BE', displayName: 'Achats', shortDescription: '', description: '' }] } }));
    const after = answersOf(input({ ...BASE, 5: { spaceTypes: ['BUSINESS'] } }));
    const changes = diffAnswers(before, after);
    expect(changes.find((step) => step.step === 5)?.changes).toEqual([{ key: 'spaceTypes', field: 'spaceTypes', label: 'Space types', before: '', after: 'BUSINESS' }]);
    expect(changes.find((step) => step.step === 2)?.changes).toEqual([
      { key: 'locales', field: 'locales', label: 'Languages', before: 'en-GB, fr-BE', after: 'en-GB' },
      { key: 'displayName@fr-BE', field: 'displayName', label: 'Display name (fr-BE)', before: 'Achats', after: '' },
    ]);
  });

  it('is empty when nothing changed, and survives a round trip through JSON (the database)', () => {
    const snapshot = readSnapshot(JSON.parse(JSON.stringify(snapshotOf(answersOf(input(BASE))))));
    expect(snapshot).toBeDefined();
    expect(diffAnswers(snapshot?.steps ?? [], answersOf(input(BASE)))).toEqual([]);
    expect(readSnapshot(null)).toBeUndefined();
    expect(readSnapshot({ format: 2, steps: [] })).toBeUndefined();
  });

  it("reads step 9's dependencies and client configurations as the JSON sent: an older draft's JSON text and the rows the form saves now do not differ", () => {
    const asText = { ...BASE, 9: { dependencies: '[{"namespace": "other_app"}]', clientConfigurations: '{\n  "retries": 3\n}' } };
    const asRows = {
      ...BASE,
      9: { dependencies: [{ properties: [{ key: 'namespace', type: 'text', value: 'other_app' }] }], clientConfigurations: [{ key: 'retries', type: 'number', value: '3' }] },
    };
    const before = answersOf(input(asText));
    expect(before.find((step) => step.step === 9)?.rows.filter((row) => row.field === 'dependencies' || row.field === 'clientConfigurations').map((row) => row.value)).toEqual([
      '[{"namespace":"other_app"}]',
      '{"retries":3}',
    ]);
    expect(diffAnswers(before, answersOf(input(asRows)))).toEqual([]);
    const changed = { ...asRows, 9: { ...asRows[9], clientConfigurations: [{ key: 'retries', type: 'number', value: '4' }] } };
    expect(diffAnswers(before, answersOf(input(changed))).flatMap((step) => step.changes.map((change) => [change.before, change.after]))).toEqual([['{"retries":3}', '{"retries":4}']]);
  });
});
