import { describe, expect, it } from 'vitest';
import { planStep } from '../plans';
import {
  callbackUrlsFrom,
  manifestJsonText,
  maskedHeader,
  readClientConfigurations,
  readDependencies,
  releaseDatePickerValue,
  releaseDateWithDate,
  toVersionRequest,
  versionRequestPreview,
} from './manifest-values';
import { versionStepDefaults, versionStepSchema } from '@/lib/wizard/steps/9-version/schema';

const SERVICE_ACCOUNT = 'f47c5440-89cb-11ee-b9d1-0242ac120002';

/** A step 9 draft as the wizard saved it before the structured editors: JSON text in two boxes. */
const OLD_DRAFT = {
  version: '1.2.0',
  releaseNote: ' Second release: faster imports ',
  releaseDate: '2026-04-16T13:03:36Z',
  copyright: 'Copyright 2026 Example',
  serviceAccount: SERVICE_ACCOUNT,
  permissions: [
    { resource: ' space ', scope: 'space_read' },
    { resource: 'space', scope: 'space_write' },
  ],
  minAssuranceLevels: { entity: 'urn:btx:L2', user: '' },
  dependencies:
    '[{"namespace": "other_app", "version": "1.0.0", "optional": false, "weight": 2.5, "tags": ["a", {"b": null}]}, {"namespace": "com.example.ledger", "2": "numeric key", "note": null}]',
  clientConfigurations: '{\n  "endpoint": "https://partner.example/install",\n  "retries": 3,\n  "enabled": true,\n  "scopes": ["space_read"],\n  "nested": {"x": 1e21, "y": -0.5}\n}',
  appCallbacks: {
    addUrl: 'https://app.example.com/add',
    activationUrl: 'https://app.example.com/activate',
    deactivationUrl: '',
    configureUrl: 'https://app.example.com/configure',
    removeUrl: 'https://app.example.com/remove',
  },
  authorizationHeader: '',
};

/**
 * What the wizard sent for OLD_DRAFT before the structured editors (captured from the code of
 * then, with the header 'Bearer cb-secret'), and the item's fingerprint in the ledger.
 */
const BODY_BEFORE =
  '{"version":"1.2.0","releaseNote":"Second release: faster imports","releaseDate":"2026-04-16T13:03:36Z","manifest":{"serviceAccount":"f47c5440-89cb-11ee-b9d1-0242ac120002","accessManagement":{"permissions":[{"resource":"space","scope":"space_read"},{"resource":"space","scope":"space_write"}]},"dependencies":[{"namespace":"other_app","version":"1.0.0","optional":false,"weight":2.5,"tags":["a",{"b":null}]},{"2":"numeric key","namespace":"com.example.ledger","note":null}],"minAssuranceLevels":{"entity":"urn:btx:L2"},"clientConfigurations":{"endpoint":"https://partner.example/install","retries":3,"enabled":true,"scopes":["space_read"],"nested":{"x":1e+21,"y":-0.5}},"appCallbacks":{"addUrl":"https://app.example.com/add","activationUrl":"https://app.example.com/activate","configureUrl":"https://app.example.com/configure","removeUrl":"https://app.example.com/remove","security":{"authorizationHeader":"Bearer cb-secret"}}},"copyright":"Copyright 2026 Example"}';
const FINGERPRINT_BEFORE = 'f814c39cecb298c5e03d6880cf636304349b9ffc7be22770064e7aeebac46cda';

const planContext = { assets: new Map(), loadAsset: async () => undefined, authorizationHeader: 'Bearer cb-secret' };

describe('old step 9 drafts (JSON text) without a migration', () => {
  it('plan the same request body, byte for byte, with the same fingerprint', async () => {
    const items = planStep(9, OLD_DRAFT, planContext);
    expect(items).toHaveLength(1);
    expect(items?.[0]?.fingerprint).toBe(FINGERPRINT_BEFORE);
    const sent: unknown[] = [];
    const client = { addVersion: async (_id: string, body: unknown) => (sent.push(body), { ok: true, data: {} }) };
    await items?.[0]?.send(client as never, 'app', {} as never);
    expect(JSON.stringify(sent[0])).toBe(BODY_BEFORE);
  });

  it('load into the rows the form edits, and the rows as saved send the same body', () => {
    const parsed = versionStepSchema.parse(OLD_DRAFT);
    expect(parsed.dependencies[0]?.properties).toEqual([
      { key: 'namespace', type: 'text', value: 'other_app' },
      { key: 'version', type: 'text', value: '1.0.0' },
      { key: 'optional', type: 'boolean', value: 'false' },
      { key: 'weight', type: 'number', value: '2.5' },
      { key: 'tags', type: 'json', value: JSON.stringify(['a', { b: null }], null, 2) },
    ]);
    expect(parsed.clientConfigurations.map((row) => [row.key, row.type])).toEqual([
      ['endpoint', 'text'],
      ['retries', 'number'],
      ['enabled', 'boolean'],
      ['scopes', 'json'],
      ['nested', 'json'],
    ]);
    // Saved again in the new format (what the form's autosave writes), it plans the same.
    const resaved = { ...OLD_DRAFT, dependencies: parsed.dependencies, clientConfigurations: parsed.clientConfigurations };
    expect(planStep(9, resaved, planContext)?.[0]?.fingerprint).toBe(FINGERPRINT_BEFORE);
    expect(JSON.stringify(toVersionRequest(versionStepSchema.parse(resaved), 'Bearer cb-secret'))).toBe(BODY_BEFORE);
  });

  it('keep what cannot be read as rows to correct, and refuse to send it', () => {
    expect(readDependencies('')).toEqual([]);
    expect(readDependencies('  ')).toEqual([]);
    expect(readDependencies('[{"namespace": "a"')).toEqual([{ properties: [{ key: '', type: 'json', value: '[{"namespace": "a"' }] }]);
    expect(readDependencies('["other_app"]')).toEqual([{ properties: [{ key: '', type: 'json', value: '"other_app"' }] }]);
    expect(readClientConfigurations('[1]')).toEqual([{ key: '', type: 'json', value: '[1]' }]);
    expect(readClientConfigurations({ not: 'rows' })).toEqual([]);
    expect(readClientConfigurations([{ key: 'a' }])).toEqual([{ key: '', type: 'json', value: '{"key":"a"}' }]);
    const broken = versionStepSchema.safeParse({ ...OLD_DRAFT, dependencies: '[{"namespace": "a"' });
    expect(broken.success).toBe(false);
    if (!broken.success) {
      expect(broken.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        ['dependencies.0.properties.0.key', 'Enter a key'],
        ['dependencies.0.properties.0.value', expect.stringMatching(/^Not valid JSON: /)],
      ]);
    }
  });

  it('show as formatted JSON on the summary, old or new', () => {
    expect(manifestJsonText(OLD_DRAFT.clientConfigurations, 'clientConfigurations')).toBe(JSON.stringify(JSON.parse(OLD_DRAFT.clientConfigurations), null, 2));
    expect(manifestJsonText('', 'dependencies')).toBeUndefined();
    expect(manifestJsonText([], 'dependencies')).toBeUndefined();
    expect(manifestJsonText([{ key: 'a', type: 'json', value: '{' }], 'clientConfigurations')).toContain('"value": "{"');
  });
});

describe('the property rows', () => {
  const rows = (...list: [string, string, string][]) => list.map(([key, type, value]) => ({ key, type, value }));
  const check = (clientConfigurations: unknown) => {
    const result = versionStepSchema.safeParse({ ...versionStepDefaults(), serviceAccount: SERVICE_ACCOUNT, clientConfigurations });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('check each value by its type, and each key once', () => {
    expect(check(rows(['retries', 'number', '3'], ['ratio', 'number', '-0.5e2'], ['on', 'boolean', 'true'], ['none', 'null', ''], ['list', 'json', '[1, 2]']))).toEqual([]);
    expect(check(rows(['', 'text', 'x']))).toEqual(['clientConfigurations.0.key: Enter a key']);
    expect(check(rows(['n', 'number', '3 apples']))).toEqual(['clientConfigurations.0.value: Enter a number, e.g. 42, -1 or 0.5']);
    expect(check(rows(['n', 'number', '1e999']))).toEqual(['clientConfigurations.0.value: The number is too large']);
    expect(check(rows(['b', 'boolean', 'yes']))).toEqual(['clientConfigurations.0.value: Choose true or false']);
    expect(check(rows(['a', 'text', '1'], ['a', 'text', '2']))).toEqual(['clientConfigurations.1.key: The key a is already used above']);
  });

  it('send each value as its type, in the rows’ order', () => {
    const values = versionStepSchema.parse({
      ...versionStepDefaults(),
      serviceAccount: SERVICE_ACCOUNT,
      dependencies: [{ properties: rows(['namespace', 'text', 'other_app'], ['__proto__', 'text', 'kept as a key']) }],
      clientConfigurations: rows(['text', 'text', ' 42 '], ['n', 'number', '42'], ['b', 'boolean', 'false'], ['z', 'null', ''], ['o', 'json', '{"k": [true]}']),
    });
    const manifest = toVersionRequest(values, undefined).manifest;
    expect(JSON.stringify(manifest.dependencies)).toBe('[{"namespace":"other_app","__proto__":"kept as a key"}]');
    expect(JSON.stringify(manifest.clientConfigurations)).toBe('{"text":" 42 ","n":42,"b":false,"z":null,"o":{"k":[true]}}');
  });

  it('a dependency needs at least one property', () => {
    const result = versionStepSchema.safeParse({ ...versionStepDefaults(), serviceAccount: SERVICE_ACCOUNT, dependencies: [{ properties: [] }] });
    expect(result.success).toBe(false);
  });
});

describe('the JSON preview', () => {
  it('is the planned request body, with the header masked and never shown', () => {
    const values = versionStepSchema.parse(OLD_DRAFT);
    const planned = JSON.parse(BODY_BEFORE) as { manifest: { appCallbacks: { security: { authorizationHeader: string } } } };
    const saved = versionRequestPreview(values, { typedLength: 0, saved: { saved: true, length: 16 } });
    expect(saved).not.toContain('cb-secret');
    planned.manifest.appCallbacks.security.authorizationHeader = maskedHeader(16);
    expect(JSON.parse(saved)).toEqual(planned);
    expect(saved).toBe(JSON.stringify(planned, null, 2));
    // A header typed but not saved yet is masked the same way; none at all sends no security block.
    expect(versionRequestPreview(values, { typedLength: 5, saved: { saved: false, length: 0 } })).toContain(maskedHeader(5));
    expect(versionRequestPreview(values, { typedLength: 0, saved: { saved: false, length: 0 } })).not.toContain('security');
  });
});

describe('the release date picker', () => {
  it('shows the date of the release date as written', () => {
    expect(releaseDatePickerValue('2026-04-16T13:03:36Z')).toBe('2026-04-16');
    expect(releaseDatePickerValue('2026-04-16T23:30:00-02:00')).toBe('2026-04-16');
    expect(releaseDatePickerValue('')).toBe('');
    expect(releaseDatePickerValue('soon')).toBe('');
  });

  it('sends the same text for the same date, and keeps the time when the date changes', () => {
    expect(releaseDateWithDate('2026-04-16T13:03:36Z', '2026-04-16')).toBe('2026-04-16T13:03:36Z');
    expect(releaseDateWithDate('2026-04-16T13:03:36Z', '2026-05-01')).toBe('2026-05-01T13:03:36Z');
    expect(releaseDateWithDate('2026-04-16T13:03:36.250+02:00', '2026-05-01')).toBe('2026-05-01T13:03:36.250+02:00');
    expect(releaseDateWithDate('', '2026-05-01')).toBe('2026-05-01T00:00:00Z');
    expect(releaseDateWithDate('2026-04-16T13:03:36Z', '')).toBe('');
  });

  it('gives what the step accepts, in the recipe’s format', () => {
    const date = releaseDateWithDate('', '2026-04-16');
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(versionStepSchema.safeParse({ ...versionStepDefaults(), serviceAccount: SERVICE_ACCOUNT, releaseDate: date }).success).toBe(true);
    expect(versionStepDefaults(new Date('2026-04-16T13:03:36.789Z')).releaseDate).toBe('2026-04-16T13:03:36Z');
  });
});

describe('the callbacks from one base URL', () => {
  it('fills the five callbacks with the recipe’s paths', () => {
    expect(callbackUrlsFrom('https://app.example.com')).toEqual({
      ok: true,
      urls: {
        addUrl: 'https://app.example.com/add',
        activationUrl: 'https://app.example.com/activate',
        deactivationUrl: 'https://app.example.com/deactivate',
        configureUrl: 'https://app.example.com/configure',
        removeUrl: 'https://app.example.com/remove',
      },
    });
    const under = callbackUrlsFrom(' https://app.example.com/banqup/ ');
    expect(under.ok && under.urls.configureUrl).toBe('https://app.example.com/banqup/configure');
  });

  it('says why a base URL cannot be used', () => {
    expect(callbackUrlsFrom('')).toMatchObject({ ok: false, message: expect.stringMatching(/^Enter the base URL/) });
    expect(callbackUrlsFrom('app.example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/starts with https/) });
    expect(callbackUrlsFrom('ftp://app.example.com')).toMatchObject({ ok: false });
    expect(callbackUrlsFrom('https://app.example.com/?x=1')).toMatchObject({ ok: false, message: expect.stringMatching(/query/) });
    expect(callbackUrlsFrom('https://user:pw@app.example.com')).toMatchObject({ ok: false });
  });

  it('fills URLs that the step accepts', () => {
    const filled = callbackUrlsFrom('https://app.example.com');
    if (!filled.ok) throw new Error('not filled');
    expect(versionStepSchema.safeParse({ ...versionStepDefaults(), serviceAccount: SERVICE_ACCOUNT, appCallbacks: filled.urls }).success).toBe(true);
  });
});

describe('reading saved manifests for the summary and the export', () => {
  it('gives the JSON values sent, from old text or rows, and nothing for rows not valid yet', async () => {
    const { manifestJsonValue } = await import('./manifest-values');
    expect(manifestJsonValue(OLD_DRAFT.dependencies, 'dependencies')).toEqual(JSON.parse(OLD_DRAFT.dependencies));
    expect(manifestJsonValue([{ key: 'n', type: 'number', value: '2' }], 'clientConfigurations')).toEqual({ n: 2 });
    expect(manifestJsonValue('', 'clientConfigurations')).toBeUndefined();
    expect(manifestJsonValue('{oops', 'clientConfigurations')).toBeUndefined();
    expect(manifestJsonText('{oops', 'clientConfigurations')).toBe('{oops');
  });
});
