import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  ASSURANCE_LEVELS,
  BRAND_NAMES,
  LOCATION_STATUSES,
  MEDIA_TYPES,
  SPACE_SEGMENTS,
  SPACE_TYPES,
  brandRequestSchema,
  brandResponseSchema,
  countryCodeSchema,
  createApplicationRequestSchema,
  httpUrlSchema,
  infoLocalizationRequestSchema,
  infoLocalizationResponseSchema,
  isoDateTimeSchema,
  localeSchema,
  locationRequestSchema,
  locationResponseSchema,
  mediaFormFieldsSchema,
  mediaResponseSchema,
  segmentsForSpaceTypes,
  semverSchema,
  spaceSegmentRequestSchema,
  spaceSegmentResponseSchema,
  spaceTypeRequestSchema,
  spaceTypeResponseSchema,
  supportDraftRequestSchema,
  supportDraftResponseSchema,
  uuidSchema,
  versionRequestSchema,
  versionResponseSchema,
} from './schemas';
import { draftAppStepSchema } from '@/lib/wizard/steps/1-draft-app/schema';

// ---------------------------------------------------------------------------------------
// The recipe's example bodies ("Register a new application in Banqup Store"), verbatim.

const APPLICATION_ID = '2aa7c756-6d55-44b6-9b60-06212611cfd6';

const recipe = {
  infoLocalizationRequest: {
    locale: 'en-GB',
    displayName: 'Purchase app',
    shortDescription: 'Manage purchase invoices',
    description: 'Purchases app helps you manage your purchase invoices',
  },
  infoLocalizationResponse: {
    id: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
    locale: 'en-GB',
    displayName: 'Purchase app',
    shortDescription: 'Manage purchase invoices',
    description: 'Purchases app helps you manage your purchase invoices',
  },
  // Step 4 sends multipart form fields, so they arrive as strings.
  mediaFormFields: { displayOrder: '1', mediaType: 'IMAGE' },
  mediaResponse: {
    id: '8fb022af-f5ec-4491-b8e6-1073c195657c',
    applicationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
    mediaType: 'IMAGE',
    displayOrder: 1,
  },
  spaceTypeRequest: { spaceType: 'BUSINESS' },
  spaceTypeResponse: { id: '2aa7c756-6d55-44b6-9b60-06212611cfd6', spaceType: 'BUSINESS' },
  spaceSegmentRequest: { spaceSegment: 'CORPORATE' },
  spaceSegmentResponse: { id: '2aa7c756-6d55-44b6-9b60-06212611cfd6', spaceSegment: 'CORPORATE' },
  brandRequest: { brandName: 'Banqup' },
  brandResponse: { id: '2aa7c756-6d55-44b6-9b60-06212611cfd6', brandName: 'Banqup' },
  locationRequest: { countryCode: 'BE', status: 'ACTIVE' },
  locationResponse: { id: '2aa7c756-6d55-44b6-9b60-06212611cfd6', countryCode: 'BE', status: 'ACTIVE' },
  versionRequest: {
    version: '1.0.0',
    releaseNote: 'Initial release notes',
    releaseDate: '2026-04-16T13:03:36Z',
    manifest: {
      serviceAccount: 'f47c5440-89cb-11ee-b9d1-0242ac120002',
      accessManagement: {
        permissions: [
          { resource: 'space', scope: 'space_read' },
          { resource: 'space', scope: 'space_write' },
        ],
      },
      appCallbacks: {
        addUrl: 'http://myapp.domain/add',
        activationUrl: 'http://myapp.domain/activate',
        deactivationUrl: 'http://myapp.domain/deactivate',
        configureUrl: 'http://myapp.domain/configure',
        removeUrl: 'http://myapp.domain/remove',
        security: { authorizationHeader: 'my-token' },
      },
      minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' },
    },
    copyright: 'Copyright 2026 Banqup',
  },
  versionResponse: {
    id: '2aa7c753-6d55-44b6-9b60-06212611cfd6',
    version: '1.0.0',
    releaseNote: 'Initial release notes',
    releaseDate: '2026-04-16T13:03:36Z',
    manifest: {
      accessManagement: {
        permissions: [
          { resource: 'space', scope: 'space_read' },
          { resource: 'space', scope: 'space_write' },
        ],
      },
      additionalScopes: {
        spaceScopes: ['valitax_manage_configuration'],
        translations: 'http://app.valitax.com/btx/translations',
      },
      appCallbacks: {
        addUrl: 'http://myapp.domain/add',
        activationUrl: 'http://myapp.domain/activate',
        deactivationUrl: 'http://myapp.domain/deactivate',
        configureUrl: 'http://myapp.domain/configure',
        removeUrl: 'http://myapp.domain/remove',
      },
      minAssuranceLevels: { entity: 'urn:btx:L2', user: 'urn:btx:L1' },
    },
    copyright: 'Copyright 2026 Banqup',
    status: 'VALID',
  },
} as const;

const supportDraft = { name: 'Purchase app', namespace: 'my_namespace', ownerEntityId: APPLICATION_ID };

// ---------------------------------------------------------------------------------------
// Helpers.

type Body = Record<string, unknown>;

/** A deep copy of `body` with `value` at the dot-separated `path` (undefined deletes it). */
function withPath(body: object, path: string, value: unknown): Body {
  const copy = structuredClone(body) as Body;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: Body = copy;
  for (const key of keys) node = node[key] as Body;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** The distinct dot-joined paths of the issues a refused parse reports; [] when the parse succeeds. */
function issuePaths(schema: z.ZodMiniType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
}

function expectAccepted(schema: z.ZodMiniType, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.error?.issues ?? []).toEqual([]);
  expect(result.success).toBe(true);
  return result.data;
}

// ---------------------------------------------------------------------------------------

describe('enums match the recipe', () => {
  it.each([
    ['SPACE_TYPES', SPACE_TYPES, ['BUSINESS', 'PARTNER']],
    ['SPACE_SEGMENTS', SPACE_SEGMENTS, ['ALL', 'SME', 'CORPORATE', 'ACCOUNTING', 'RESELLER', 'CARETAKER', 'REFERRAL_PARTNER']],
    ['BRAND_NAMES', BRAND_NAMES, ['Banqup', 'Jefacture', 'ALL']],
    ['LOCATION_STATUSES', LOCATION_STATUSES, ['ACTIVE', 'INACTIVE']],
    ['MEDIA_TYPES', MEDIA_TYPES, ['IMAGE']],
    ['ASSURANCE_LEVELS', ASSURANCE_LEVELS, ['urn:btx:L1', 'urn:btx:L2', 'urn:btx:L3', 'urn:btx:L50', 'urn:btx:L100']],
  ])('%s', (_name, actual, expected) => {
    expect([...actual]).toEqual(expected);
  });
});

/** Each enum, the request schema it is sent through, and where the value sits in the body. */
const enumCases = [
  { name: 'SPACE_TYPES', values: SPACE_TYPES, schema: spaceTypeRequestSchema, body: recipe.spaceTypeRequest, path: 'spaceType' },
  {
    name: 'SPACE_SEGMENTS',
    values: SPACE_SEGMENTS,
    schema: spaceSegmentRequestSchema,
    body: recipe.spaceSegmentRequest,
    path: 'spaceSegment',
  },
  { name: 'BRAND_NAMES', values: BRAND_NAMES, schema: brandRequestSchema, body: recipe.brandRequest, path: 'brandName' },
  { name: 'LOCATION_STATUSES', values: LOCATION_STATUSES, schema: locationRequestSchema, body: recipe.locationRequest, path: 'status' },
  { name: 'MEDIA_TYPES', values: MEDIA_TYPES, schema: mediaFormFieldsSchema, body: recipe.mediaFormFields, path: 'mediaType' },
  {
    name: 'ASSURANCE_LEVELS (entity)',
    values: ASSURANCE_LEVELS,
    schema: versionRequestSchema,
    body: recipe.versionRequest,
    path: 'manifest.minAssuranceLevels.entity',
  },
  {
    name: 'ASSURANCE_LEVELS (user)',
    values: ASSURANCE_LEVELS,
    schema: versionRequestSchema,
    body: recipe.versionRequest,
    path: 'manifest.minAssuranceLevels.user',
  },
] as const;

const goodEnumValues = enumCases.flatMap(({ name, values, schema, body, path }) =>
  values.map((value) => ({ name, value, schema: schema as z.ZodMiniType, body, path })),
);

/** Wrong case (for every value), empty string, unknown words and a number. */
const badEnumValues = enumCases.flatMap(({ name, values, schema, body, path }) => {
  const wrongCase = values.map((value) => (value === value.toLowerCase() ? value.toUpperCase() : value.toLowerCase()));
  const others: unknown[] = ['', 'UNKNOWN', `${values[0]} `, 'APPLICATION', 'urn:btx:L4', 'VIDEO', 0, 1, null, true];
  return [...wrongCase, ...others]
    .filter((value) => !(values as readonly unknown[]).includes(value))
    .map((value) => ({ name, value, schema: schema as z.ZodMiniType, body, path }));
});

describe('enum values in request bodies', () => {
  it.each(goodEnumValues)('$name accepts $value at $path', ({ value, schema, body, path }) => {
    const data = expectAccepted(schema, withPath(body, path, value));
    const parsedValue = path.split('.').reduce<unknown>((node, key) => (node as Body)[key], data);
    expect(parsedValue).toBe(value);
  });

  it.each(badEnumValues)('$name refuses $value at $path', ({ value, schema, body, path }) => {
    expect(issuePaths(schema, withPath(body, path, value))).toEqual([path]);
  });

  it.each([
    ['business', spaceTypeRequestSchema, { spaceType: 'business' }],
    ['corporate', spaceSegmentRequestSchema, { spaceSegment: 'corporate' }],
    ['BANQUP', brandRequestSchema, { brandName: 'BANQUP' }],
    ['active', locationRequestSchema, { countryCode: 'BE', status: 'active' }],
  ])('refuses the wrong-case %s with a message naming the allowed values', (_value, schema, body) => {
    const result = (schema as z.ZodMiniType).safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/must be/i);
  });
});

// ---------------------------------------------------------------------------------------

describe('formats', () => {
  const formats: Array<{ name: string; schema: z.ZodMiniType; good: unknown[]; bad: unknown[] }> = [
    {
      name: 'uuidSchema',
      schema: uuidSchema,
      good: [
        '2aa7c756-6d55-44b6-9b60-06212611cfd6',
        'f47c5440-89cb-11ee-b9d1-0242ac120002',
        '8fb022af-f5ec-4491-b8e6-1073c195657c',
        '2AA7C756-6D55-44B6-9B60-06212611CFD6',
      ],
      bad: [
        '',
        'not-a-uuid',
        '2aa7c7566d5544b69b6006212611cfd6',
        '2aa7c756-6d55-44b6-9b60-06212611cfd',
        '2aa7c756-6d55-44b6-9b60-06212611cfd6a',
        'g2a7c756-6d55-44b6-9b60-06212611cfd6',
        '{2aa7c756-6d55-44b6-9b60-06212611cfd6}',
        123,
        null,
      ],
    },
    {
      name: 'localeSchema',
      schema: localeSchema,
      good: ['en-GB', 'fr-BE', 'nl-NL', 'de-DE', 'en', 'zh-Hant-TW', 'es-419'],
      bad: ['english', 'en_GB', '', 'e', 'en-', '-GB', 'en GB', 42],
    },
    {
      name: 'countryCodeSchema',
      schema: countryCodeSchema,
      good: ['BE', 'FR', 'NL', 'DE', 'LU', 'ALL'],
      bad: ['be', 'XX', 'BEL', 'all', '', 'UK', 'B', 32],
    },
    {
      name: 'semverSchema',
      schema: semverSchema,
      good: ['1.0.0', '2.1.0-beta.1', '1.0.0+build.5', '0.0.1', '10.20.30', '1.0.0-alpha+001', '1.0.0-rc.1+build.1'],
      bad: ['1.0', '01.0.0', 'v1.0.0', '', '1', '1.0.0.0', '1.0.0-', '1.0.0-01', '1.0.0+', '1.01.0', 100],
    },
    {
      name: 'isoDateTimeSchema',
      schema: isoDateTimeSchema,
      good: ['2026-04-16T13:03:36Z', '2026-04-16T13:03:36+02:00', '2026-04-16T13:03:36-05:30', '2026-04-16T13:03:36.123Z'],
      bad: ['2026-04-16', '16/04/2026', '2026-04-16T13:03:36', '2026-13-16T13:03:36Z', '2026-04-16 13:03:36Z', 'yesterday', '', 1776344616000],
    },
    {
      name: 'httpUrlSchema',
      schema: httpUrlSchema,
      good: ['http://myapp.domain/add', 'https://myapp.domain/configure?tab=1', 'https://localhost:8443/hooks/remove'],
      bad: ['ftp://myapp.domain/add', 'javascript:alert(1)', 'myapp.domain/add', '', 'mailto:dev@myapp.domain', 'file:///etc/passwd', 'https://', 7],
    },
  ];

  const good = formats.flatMap(({ name, schema, good: values }) => values.map((value) => ({ name, schema, value })));
  const bad = formats.flatMap(({ name, schema, bad: values }) => values.map((value) => ({ name, schema, value })));

  it.each(good)('$name accepts $value', ({ schema, value }) => {
    expect(expectAccepted(schema, value)).toBe(value);
  });

  it.each(bad)('$name refuses $value', ({ schema, value }) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.length).toBeGreaterThan(0);
  });

  it('localeSchema trims surrounding spaces', () => {
    expect(localeSchema.parse('  fr-BE ')).toBe('fr-BE');
  });

  it.each([
    ['locale', infoLocalizationRequestSchema, recipe.infoLocalizationRequest, 'en_GB'],
    ['countryCode', locationRequestSchema, recipe.locationRequest, 'be'],
    ['version', versionRequestSchema, recipe.versionRequest, 'v1.0.0'],
    ['releaseDate', versionRequestSchema, recipe.versionRequest, '2026-04-16'],
    ['manifest.serviceAccount', versionRequestSchema, recipe.versionRequest, 'not-a-uuid'],
    ['manifest.appCallbacks.addUrl', versionRequestSchema, recipe.versionRequest, 'ftp://myapp.domain/add'],
    ['manifest.appCallbacks.removeUrl', versionRequestSchema, recipe.versionRequest, 'javascript:alert(1)'],
    ['manifest.appCallbacks.configureUrl', versionRequestSchema, recipe.versionRequest, 'myapp.domain/configure'],
    ['ownerEntityId', supportDraftRequestSchema, supportDraft, '12345'],
  ])('a request body with a bad %s is refused on that path', (path, schema, body, value) => {
    expect(issuePaths(schema as z.ZodMiniType, withPath(body, path, value))).toEqual([path]);
  });
});

// ---------------------------------------------------------------------------------------

describe("the recipe's example bodies", () => {
  it.each([
    ['step 2 infoLocalizations', infoLocalizationRequestSchema, recipe.infoLocalizationRequest],
    ['step 4 medias (form fields)', mediaFormFieldsSchema, recipe.mediaFormFields],
    ['step 5 spaceTypes', spaceTypeRequestSchema, recipe.spaceTypeRequest],
    ['step 6 spaceSegments', spaceSegmentRequestSchema, recipe.spaceSegmentRequest],
    ['step 7 brands', brandRequestSchema, recipe.brandRequest],
    ['step 8 locations', locationRequestSchema, recipe.locationRequest],
    ['step 9 versions', versionRequestSchema, recipe.versionRequest],
  ])('request of %s is accepted', (_step, schema, body) => {
    expectAccepted(schema as z.ZodMiniType, body);
  });

  it.each([
    ['step 2 infoLocalizations', infoLocalizationResponseSchema, recipe.infoLocalizationResponse],
    ['step 4 medias', mediaResponseSchema, recipe.mediaResponse],
    ['step 5 spaceTypes', spaceTypeResponseSchema, recipe.spaceTypeResponse],
    ['step 6 spaceSegments', spaceSegmentResponseSchema, recipe.spaceSegmentResponse],
    ['step 7 brands', brandResponseSchema, recipe.brandResponse],
    ['step 8 locations', locationResponseSchema, recipe.locationResponse],
    ['step 9 versions', versionResponseSchema, recipe.versionResponse],
  ])('response of %s is accepted and parsed unchanged', (_step, schema, body) => {
    expect(expectAccepted(schema as z.ZodMiniType, body)).toEqual(body);
  });

  it('the step 9 request keeps every documented field', () => {
    const data = versionRequestSchema.parse(recipe.versionRequest);
    expect(data).toEqual(recipe.versionRequest);
    expect(data.manifest.appCallbacks?.security?.authorizationHeader).toBe('my-token');
  });

  it('the step 9 response has status VALID, no serviceAccount and no security block', () => {
    const data = versionResponseSchema.parse(recipe.versionResponse);
    expect(data.status).toBe('VALID');
    expect('serviceAccount' in data.manifest).toBe(false);
    expect(data.manifest.appCallbacks).toBeDefined();
    expect('security' in (data.manifest.appCallbacks ?? {})).toBe(false);
    expect(data.manifest.additionalScopes?.spaceScopes).toEqual(['valitax_manage_configuration']);
  });

  it('the step 9 response drops a security block should one ever be sent back', () => {
    const echoed = withPath(recipe.versionResponse, 'manifest.appCallbacks.security', { authorizationHeader: 'my-token' });
    const data = versionResponseSchema.parse(echoed);
    expect(JSON.stringify(data)).not.toContain('my-token');
  });

  it('the step 9 response passes other statuses through', () => {
    expect(versionResponseSchema.parse({ ...recipe.versionResponse, status: 'PENDING' }).status).toBe('PENDING');
  });

  it('the step 9 request needs only version and manifest.serviceAccount', () => {
    expectAccepted(versionRequestSchema, { version: '1.0.0', manifest: { serviceAccount: recipe.versionRequest.manifest.serviceAccount } });
  });

  it('the step 9 request refuses an empty authorization header', () => {
    const body = withPath(recipe.versionRequest, 'manifest.appCallbacks.security.authorizationHeader', '');
    expect(issuePaths(versionRequestSchema, body)).toEqual(['manifest.appCallbacks.security.authorizationHeader']);
  });

  it.each([
    [{ dependencies: [{ namespace: 'other_app', version: '1.0.0' }] }, []],
    [{ dependencies: { namespace: 'other_app' } }, ['manifest.dependencies']],
    [{ dependencies: ['other_app'] }, ['manifest.dependencies.0']],
    [{ clientConfigurations: { endpoint: 'https://x.test' } }, []],
    [{ clientConfigurations: ['x'] }, ['manifest.clientConfigurations']],
  ])('manifest with %j has issues at %j', (extra, expected) => {
    const body = { ...recipe.versionRequest, manifest: { ...recipe.versionRequest.manifest, ...extra } };
    expect(issuePaths(versionRequestSchema, body)).toEqual(expected);
  });

  it('a media response with displayOrder as a string is coerced to a number', () => {
    expect(mediaResponseSchema.parse({ ...recipe.mediaResponse, displayOrder: '2' }).displayOrder).toBe(2);
  });

  it.each([
    ['infoLocalizations', infoLocalizationResponseSchema, recipe.infoLocalizationResponse],
    ['medias', mediaResponseSchema, recipe.mediaResponse],
    ['spaceTypes', spaceTypeResponseSchema, recipe.spaceTypeResponse],
    ['spaceSegments', spaceSegmentResponseSchema, recipe.spaceSegmentResponse],
    ['brands', brandResponseSchema, recipe.brandResponse],
    ['locations', locationResponseSchema, recipe.locationResponse],
    ['versions', versionResponseSchema, recipe.versionResponse],
  ])('a %s response whose id is not a UUID is refused', (_step, schema, body) => {
    expect(issuePaths(schema as z.ZodMiniType, { ...body, id: 'abc' })).toEqual(['id']);
  });
});

// ---------------------------------------------------------------------------------------

describe('missing required fields', () => {
  it.each([
    ['infoLocalizationRequestSchema', 'locale', infoLocalizationRequestSchema, recipe.infoLocalizationRequest],
    ['infoLocalizationRequestSchema', 'displayName', infoLocalizationRequestSchema, recipe.infoLocalizationRequest],
    ['infoLocalizationRequestSchema', 'shortDescription', infoLocalizationRequestSchema, recipe.infoLocalizationRequest],
    ['infoLocalizationRequestSchema', 'description', infoLocalizationRequestSchema, recipe.infoLocalizationRequest],
    ['mediaFormFieldsSchema', 'displayOrder', mediaFormFieldsSchema, recipe.mediaFormFields],
    ['mediaFormFieldsSchema', 'mediaType', mediaFormFieldsSchema, recipe.mediaFormFields],
    ['spaceTypeRequestSchema', 'spaceType', spaceTypeRequestSchema, recipe.spaceTypeRequest],
    ['spaceSegmentRequestSchema', 'spaceSegment', spaceSegmentRequestSchema, recipe.spaceSegmentRequest],
    ['brandRequestSchema', 'brandName', brandRequestSchema, recipe.brandRequest],
    ['locationRequestSchema', 'countryCode', locationRequestSchema, recipe.locationRequest],
    ['locationRequestSchema', 'status', locationRequestSchema, recipe.locationRequest],
    ['versionRequestSchema', 'version', versionRequestSchema, recipe.versionRequest],
    ['versionRequestSchema', 'manifest', versionRequestSchema, recipe.versionRequest],
    ['versionRequestSchema', 'manifest.serviceAccount', versionRequestSchema, recipe.versionRequest],
    ['versionRequestSchema', 'manifest.accessManagement.permissions', versionRequestSchema, recipe.versionRequest],
    ['versionRequestSchema', 'manifest.accessManagement.permissions.0.scope', versionRequestSchema, recipe.versionRequest],
    ['versionRequestSchema', 'manifest.accessManagement.permissions.1.resource', versionRequestSchema, recipe.versionRequest],
    ['supportDraftRequestSchema', 'name', supportDraftRequestSchema, supportDraft],
    ['supportDraftRequestSchema', 'namespace', supportDraftRequestSchema, supportDraft],
    ['infoLocalizationResponseSchema', 'id', infoLocalizationResponseSchema, recipe.infoLocalizationResponse],
    ['mediaResponseSchema', 'applicationId', mediaResponseSchema, recipe.mediaResponse],
    ['versionResponseSchema', 'status', versionResponseSchema, recipe.versionResponse],
    ['versionResponseSchema', 'manifest', versionResponseSchema, recipe.versionResponse],
  ])('%s without %s is refused on that path', (_name, path, schema, body) => {
    expect(issuePaths(schema as z.ZodMiniType, withPath(body, path, undefined))).toEqual([path]);
  });

  it.each([
    ['displayName', ''],
    ['displayName', '   '],
    ['shortDescription', '\t'],
    ['description', ''],
  ])('infoLocalizationRequestSchema refuses a blank %s (%j)', (path, value) => {
    expect(issuePaths(infoLocalizationRequestSchema, withPath(recipe.infoLocalizationRequest, path, value))).toEqual([path]);
  });

  it.each([
    ['displayName', 500],
    ['shortDescription', 2_000],
  ])('infoLocalizationRequestSchema caps %s at %i characters', (path, max) => {
    expectAccepted(infoLocalizationRequestSchema, withPath(recipe.infoLocalizationRequest, path, 'x'.repeat(max)));
    expect(issuePaths(infoLocalizationRequestSchema, withPath(recipe.infoLocalizationRequest, path, 'x'.repeat(max + 1)))).toEqual([path]);
  });

  it('a non-object body is refused at the root', () => {
    expect(issuePaths(spaceTypeRequestSchema, 'BUSINESS')).toEqual(['']);
    expect(issuePaths(versionRequestSchema, null)).toEqual(['']);
  });
});

// ---------------------------------------------------------------------------------------

describe('segmentsForSpaceTypes', () => {
  it.each([
    [[], ['ALL']],
    [['BUSINESS'], ['ALL', 'SME', 'CORPORATE']],
    [['PARTNER'], ['ALL', 'ACCOUNTING', 'RESELLER', 'CARETAKER', 'REFERRAL_PARTNER']],
    [['BUSINESS', 'PARTNER'], ['ALL', 'SME', 'CORPORATE', 'ACCOUNTING', 'RESELLER', 'CARETAKER', 'REFERRAL_PARTNER']],
    [['PARTNER', 'BUSINESS'], ['ALL', 'SME', 'CORPORATE', 'ACCOUNTING', 'RESELLER', 'CARETAKER', 'REFERRAL_PARTNER']],
  ] as const)('%j → %j', (spaceTypes, expected) => {
    expect(segmentsForSpaceTypes(spaceTypes)).toEqual(expected);
  });

  it('returns a fresh array each call', () => {
    const first = segmentsForSpaceTypes(['BUSINESS']);
    first.push('RESELLER');
    expect(segmentsForSpaceTypes(['BUSINESS'])).toEqual(['ALL', 'SME', 'CORPORATE']);
  });
});

// ---------------------------------------------------------------------------------------

describe('supportDraftRequestSchema', () => {
  const PORTAL_APP_ID = 'f47c5440-89cb-11ee-b9d1-0242ac120002';

  it.each([
    ['ownerEntityId only', { ownerEntityId: APPLICATION_ID }],
    ['developerPortalAppId only', { developerPortalAppId: PORTAL_APP_ID }],
    ['both', { ownerEntityId: APPLICATION_ID, developerPortalAppId: PORTAL_APP_ID }],
  ])('accepts %s', (_case, ids) => {
    expectAccepted(supportDraftRequestSchema, { name: 'Purchase app', namespace: 'my_namespace', ...ids });
  });

  it('refuses a draft with neither ownerEntityId nor developerPortalAppId, on ownerEntityId', () => {
    const result = supportDraftRequestSchema.safeParse({ name: 'Purchase app', namespace: 'my_namespace' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['ownerEntityId']);
    expect(result.error?.issues[0]?.message).toMatch(/ownerEntityId/);
    expect(result.error?.issues[0]?.message).toMatch(/Developer Portal/);
  });

  // Banqup publishes no format or length rule for the namespace (its own example is dotted):
  // what differs from its examples is advice in the form (lib/wizard/identity-warnings), not a refusal.
  it.each(['my_namespace', 'ab', 'a', 'purchases2', 'a_1_b', 'com.unifiedpost.btx', 'my-namespace', 'My Namespace', '1abc', '_abc', 'café', 'x'.repeat(255)])(
    'accepts the namespace %j',
    (namespace) => {
      expect(supportDraftRequestSchema.parse({ ...supportDraft, namespace }).namespace).toBe(namespace);
    },
  );

  it('trims the namespace', () => {
    expect(supportDraftRequestSchema.parse({ ...supportDraft, namespace: ' my_namespace ' }).namespace).toBe('my_namespace');
    expect(supportDraftRequestSchema.parse({ ...supportDraft, namespace: '\tcom.unifiedpost.btx\n' }).namespace).toBe('com.unifiedpost.btx');
  });

  it.each(['', '   ', 'my\nnamespace', 'my\tnamespace', 'my\u0000namespace', 'my\u007fnamespace', 'x'.repeat(256), 7])(
    'refuses the namespace %j: blank, a control character inside, past the 255-character safety cap, or not text',
    (namespace) => {
      expect(issuePaths(supportDraftRequestSchema, { ...supportDraft, namespace })).toEqual(['namespace']);
    },
  );

  it.each(['', '   '])('refuses a blank name %j', (name) => {
    expect(issuePaths(supportDraftRequestSchema, { ...supportDraft, name })).toEqual(['name']);
  });

  it('caps the name at 100 characters', () => {
    expectAccepted(supportDraftRequestSchema, { ...supportDraft, name: 'n'.repeat(100) });
    expect(issuePaths(supportDraftRequestSchema, { ...supportDraft, name: 'n'.repeat(101) })).toEqual(['name']);
  });

  it('the sandbox response is a DRAFT', () => {
    const response = { applicationId: APPLICATION_ID, name: 'Purchase app', namespace: 'my_namespace', status: 'DRAFT' };
    expectAccepted(supportDraftResponseSchema, response);
    expect(issuePaths(supportDraftResponseSchema, { ...response, status: 'VALID' })).toEqual(['status']);
  });
});

describe("Banqup's production example for step 1 (namespace com.unifiedpost.btx, name My-app)", () => {
  const example = { namespace: 'com.unifiedpost.btx', name: 'My-app', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' };

  it('passes supportDraftRequestSchema', () => {
    expect(supportDraftRequestSchema.parse(example)).toEqual(example);
  });

  it('passes createApplicationRequestSchema', () => {
    const body = { ...example, functionalType: 'APPLICATION', audienceType: 'PUBLIC' };
    expect(createApplicationRequestSchema.parse(body)).toEqual(body);
  });

  it("passes step 1's draftAppStepSchema", () => {
    const values = { ...example, identity: 'entity', developerPortalAppId: '', applicationId: '' };
    expect(draftAppStepSchema.parse(values)).toEqual(values);
  });
});

// ---------------------------------------------------------------------------------------

describe('mediaFormFieldsSchema', () => {
  it.each([
    ['1', 1],
    ['2', 2],
    ['10', 10],
    [3, 3],
  ])('coerces displayOrder %j to %i', (displayOrder, expected) => {
    expect(mediaFormFieldsSchema.parse({ displayOrder, mediaType: 'IMAGE' })).toEqual({ displayOrder: expected, mediaType: 'IMAGE' });
  });

  it.each(['0', '-1', 'abc', '1.5', '', 0])('refuses displayOrder %j', (displayOrder) => {
    expect(issuePaths(mediaFormFieldsSchema, { displayOrder, mediaType: 'IMAGE' })).toEqual(['displayOrder']);
  });

  it.each(['VIDEO', 'image', '', 'Image'])('refuses mediaType %j', (mediaType) => {
    const result = mediaFormFieldsSchema.safeParse({ displayOrder: '1', mediaType });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['mediaType']);
    expect(result.error?.issues[0]?.message).toBe('mediaType must be IMAGE');
  });
});
