import { describe, expect, it } from 'vitest';
import { STEP_REGISTRY, stepSchema, type FormStep } from '@/lib/wizard/steps';
import { errorEntry, fieldName } from './error-names';
import { issuesByPath } from './schema-resolver';

const STEPS = Object.keys(STEP_REGISTRY).map(Number) as FormStep[];

/** Each step's values with every list holding one item, so that every field has a path. */
function fullSample(step: FormStep): Record<string, unknown> {
  const values = structuredClone(STEP_REGISTRY[step].defaults()) as Record<string, unknown>;
  if (step === 4) values.media = [{ assetId: '' }];
  if (step === 5) values.spaceTypes = ['BUSINESS'];
  if (step === 6) values.spaceSegments = ['SME'];
  if (step === 8) values.countries = ['BE'];
  if (step === 9) {
    values.permissions = [{ resource: '', scope: '' }];
    values.dependencies = [{ properties: [{ key: '', type: 'text', value: '' }] }];
    values.clientConfigurations = [{ key: '', type: 'text', value: '' }];
  }
  return values;
}

/** Every leaf's path: `locales.0.displayName`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, prefix ? `${prefix}.${index}` : String(index)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
  return [prefix];
}

/** The same values with every leaf of the wrong type: every field then has an issue. */
function poisoned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poisoned);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, poisoned(child)]));
  return 42;
}

/** Field ids the pages themselves show as labels (step 1: "ownerEntityId (legal entity id)", "applicationId"). */
const SHOWN_IDS = new Set(['ownerEntityId', 'applicationId']);

function expectHumane(entry: string, path: string) {
  expect(entry, `${path}: ${entry}`).not.toMatch(/\b[a-zA-Z]{2,}\.(\d+|[a-zA-Z]{2,})\b/);
  expect(entry, `${path}: ${entry}`).not.toMatch(/invalid input|expected \w+, received/i);
  for (const word of entry.match(/\b[a-z]+[A-Z]\w*\b/g) ?? []) expect(SHOWN_IDS.has(word), `${path}: "${word}" in "${entry}"`).toBe(true);
  expect(entry).not.toContain(path.includes('.') ? path : `${path}:`);
}

describe('the error summary names each field in words', () => {
  it.each(STEPS)('step %i: every field of the schema has a name in the map', (step) => {
    const paths = leafPaths(fullSample(step));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(fieldName(step, path).known, `step ${step}: ${path}`).toBe(true);
  });

  it.each(STEPS)('step %i: no entry shows a raw path, with every field wrong or left empty', (step) => {
    const schema = stepSchema(step, { spaceTypes: ['BUSINESS'], lastSentVersion: '1.0.0' });
    const samples = [poisoned(fullSample(step)), fullSample(step), STEP_REGISTRY[step].defaults(), {}];
    let entries = 0;
    for (const values of samples) {
      const result = schema.safeParse(values);
      if (result.success) continue;
      for (const [path, { message }] of Object.entries(issuesByPath(result.error.issues))) {
        expect(fieldName(step, path).known, `step ${step}: ${path}`).toBe(true);
        expectHumane(errorEntry(step, path, message ?? '', values as Record<string, unknown>), path);
        entries += 1;
      }
    }
    // Every leaf of the poisoned values was wrong.
    expect(entries).toBeGreaterThanOrEqual(leafPaths(fullSample(step)).length);
  });

  it('says what to do, for the field and the item it belongs to', () => {
    expect(errorEntry(9, 'permissions.2.resource', 'Resource is required')).toBe('Enter a resource for permission 3');
    expect(errorEntry(9, 'permissions.0.scope', 'Invalid input: expected string, received undefined')).toBe('Enter a scope for permission 1');
    const values = { locales: [{ locale: 'en-GB' }, { locale: 'fr-BE' }] };
    expect(errorEntry(2, 'locales.1.displayName', 'Display name is required', values)).toBe('Enter a display name for fr-BE');
    expect(errorEntry(2, 'locales.1.description', 'Description is required', { locales: [{ locale: 'en-GB' }, { locale: '' }] })).toBe('Enter a description for language 2');
    const manifest = { dependencies: [{ properties: [] }, { properties: [{ key: '', type: 'text', value: 'x' }] }] };
    expect(errorEntry(9, 'dependencies.1.properties.0.key', 'Enter a key', manifest)).toBe('Enter a key for property 1 of dependency 2');
    expect(errorEntry(9, 'clientConfigurations.2.value', 'Enter a number, e.g. 42, -1 or 0.5')).toBe('Value of client configuration 3: enter a number, e.g. 42, -1 or 0.5');
  });

  it('keeps what the message says beyond "missing", after the field’s name', () => {
    expect(errorEntry(9, 'serviceAccount', 'Must be a UUID, e.g. 2aa7c756-6d55-44b6-9b60-06212611cfd6')).toBe('Service account: must be a UUID, e.g. 2aa7c756-6d55-44b6-9b60-06212611cfd6');
    expect(errorEntry(9, 'appCallbacks.addUrl', 'Must be an http:// or https:// URL')).toBe('Callback URL to add extension: must be an http:// or https:// URL');
    expect(errorEntry(9, 'version', 'Must be greater than 1.0.0, the last version sent')).toBe('Version: must be greater than 1.0.0, the last version sent');
    // A step's own sentence for a whole field is kept as it is.
    expect(errorEntry(3, 'logoAssetId', 'Upload a logo')).toBe('Upload a logo');
    expect(errorEntry(8, 'countries', 'Choose at least one country')).toBe('Choose at least one country');
    // A sentence about one item of a list says which.
    expect(errorEntry(2, 'locales.1.locale', 'fr-BE is already in the list')).toBe('Language tag of language 2: fr-BE is already in the list');
  });

  it('falls back to the path in words for a field no map knows (a Banqup field error, say)', () => {
    expect(fieldName(9, 'manifest.somethingNew').known).toBe(false);
    expect(errorEntry(9, 'manifest.somethingNew', 'Is wrong')).toBe('Manifest, something new: is wrong');
  });
});
